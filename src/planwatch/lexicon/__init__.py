"""Vocabulary of the genre as plain data: units, bound words, department and place names."""
