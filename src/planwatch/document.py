"""The reader's output: a document's plain text, ready for the finders.

Readers render tables as one line per row with cells separated by a tab, so every
finder works on one string and every span points into it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Document:
    text: str
    name: str  # the file stem, used as the plan's `doc` key
    source: str | None = None  # path as given
    format: str = "txt"  # txt | docx | pdf | html
    encoding: str | None = None  # for text and html: the encoding it was decoded from
