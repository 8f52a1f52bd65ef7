"""Progress maths: pure functions over targets and observations, `as_of` always passed in."""
