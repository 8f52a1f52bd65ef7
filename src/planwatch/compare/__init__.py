"""Comparing plans: one version of a plan against the next (`versions`), and later a plan
against the plan it implements. Pure functions over plain values; no session."""
