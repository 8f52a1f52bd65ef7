"""Region words read with set look-ups instead of a regex.

A region word is a known place name with an optional suffix, or one to eight Chinese
characters that a suffix marks (居巢经开区): as a regex, ``(?:NAMES)(?:SUFFIX)?|
[\\u4e00-\\u9fff]{1,8}?(?:SUFFIX)`` with the 370 city and province names, which cost 5 ms
to compile in every process, and as much again inside the develop rule of `regions`.
These functions answer as that regex does. `region_ends` yields the ends of its matches at
a position in the order the regex tries them, backtracking: a name, longest first, with
each suffix that follows (in list order) and then bare; then one to eight characters, each
with the suffixes that follow. So the first end is the regex's match, and a longer pattern
continuing after a region succeeds with the first end that lets it. The fast-path tests
(tests/extract/test_fast_paths.py) hold them to the regex.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from planwatch.lexicon.places import CITIES, PROVINCES, SUFFIXES
from planwatch.lexicon.wordlist import WordFinder

PLACES = WordFinder({*CITIES, *PROVINCES})
PLACE_SEP = re.compile("[、和及]")  # between the places of a list (安庆、宣城和滁州)
_NAMES = frozenset({*CITIES, *PROVINCES})
_LOCAL_MAX = 8  # Chinese characters of a local name before its suffix
# The suffixes by their first character, each list in the order of SUFFIXES: at most
# positions no suffix starts, and one look-up says so.
_SUFFIXES_AT: dict[str, tuple[str, ...]] = {
    first: tuple(s for s in SUFFIXES if s[0] == first) for first in {s[0] for s in SUFFIXES}
}


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def region_ends(text: str, pos: int) -> Iterator[int]:
    """Where a region word starting at `pos` may end, in the regex's order of trying.

    >>> [end for end in region_ends("安庆市", 0)]  # 安庆 with 市, 安庆 bare, 安庆 as local name + 市
    [3, 2, 3]
    """
    for name in PLACES.matches(text, pos):
        at = pos + len(name)
        yield from _suffixed(text, at)
        yield at
    for end in range(pos + 1, min(pos + _LOCAL_MAX, len(text)) + 1):
        if not _han(text[end - 1]):
            return
        yield from _suffixed(text, end)


def _suffixed(text: str, at: int) -> Iterator[int]:
    """The ends of the suffixes that start at `at`, in the order of SUFFIXES."""
    for suffix in _SUFFIXES_AT.get(text[at : at + 1], ()):
        if text.startswith(suffix, at):
            yield at + len(suffix)


def region_at(text: str) -> int | None:
    """The end of the region word `text` starts with, as the regex's `match` finds it.

    >>> region_at("淮南市大数据"), region_at("居巢经开区镁基"), region_at("PVA")
    (3, 5, None)
    """
    return next(region_ends(text, 0), None)


def is_region_word(word: str) -> bool:
    """Whether all of `word` is a region word, as the regex's `fullmatch` answers.

    >>> [is_region_word(w) for w in ("淮南", "淮南市", "居巢经开区", "经开区", "大数据", "PVA区")]
    [True, True, True, True, False, False]
    """
    if word in _NAMES:
        return True
    if not word.endswith(SUFFIXES):
        return False
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            base = word[: -len(suffix)]
            if base in _NAMES or (len(base) <= _LOCAL_MAX and all(map(_han, base))):
                return True
    return False
