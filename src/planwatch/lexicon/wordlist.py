"""Word lists as fast regular expressions.

Python's `re` tries every branch of ``甲…|乙…|丙…`` in turn at every position, so a list of
3,000 county names with 900 different first characters costs hundreds of failed tests per
character of text. `trie_pattern` writes the same list so that each position costs a few
steps:

* the first character is read by one character class (``[安合…]``), which `re` also uses to
  skip, without entering the pattern, every position no word can start at;
* which word family follows is then found by a binary search over the first characters,
  each step a one-character look-behind class test (answered from a bitmap);
* the rest of each family is a trie (``庆市?|阳``), so shared prefixes are read once.

The meaning of the usual "longest first" alternation is kept exactly: every word that can
match at a position is a prefix of the text there, so all of them lie on one path of the
trie, and a trie that tries longer continuations before stopping offers them in the same
order (longest first) as ``sorted(words, key=len, reverse=True)`` joined by ``|``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import NamedTuple

_END = ""  # key marking "a word may end here"
_FANOUT = 4  # first characters tested one by one; more are halved first (fastest measured)

Node = dict[str, "Node"]


def trie_pattern(words: Iterable[str], *, second_char_gate: bool = False, flat: bool = False) -> str:
    """A regex source matching exactly the given words, longest first, without groups.

    With `second_char_gate`, a look-ahead on the possible second characters follows the
    first one (when every word has two or more): in running Chinese text most positions
    whose character can start a name are not followed by one that can continue it, and
    they fail there before the dispatch, several times faster on long texts. It rejects
    only positions where no word can match, so the matches are the same.

    With `flat`, the families follow one another (``安…|合…``) after a look-ahead on the
    first (and second) characters, instead of the binary-search dispatch. Each dispatch
    step is a character class of Chinese characters, which `re`'s compiler (pure Python)
    spends a fifth of a millisecond on: 12 ms for the 370 city and province names, in
    every process, against 3 ms flat. Matching flat tries each family's first character
    in turn (a fast literal test), so it is for patterns tried at few positions (a place
    list on the few lines that may hold one, a unit after a number), not for scanning long
    texts.
    The matches are the same: only the family of the first character can go on.

    >>> trie_pattern(["安庆", "安阳", "安庆市", "合肥"])
    '(?:[合安](?:(?<=合)肥|(?<=安)(?:庆市?|阳)))'
    >>> trie_pattern(["安庆", "安阳", "安庆市", "合肥"], second_char_gate=True)
    '(?:[合安](?=[庆肥阳])(?:(?<=合)肥|(?<=安)(?:庆市?|阳)))'
    >>> re.findall(trie_pattern(["安庆", "安庆市"]), "安庆市和安庆")
    ['安庆市', '安庆']
    >>> trie_pattern(["安庆", "安阳", "安庆市", "合肥"], second_char_gate=True, flat=True)
    '(?:(?=[合安][庆肥阳])(?:合肥|安(?:庆市?|阳)))'
    """
    root: Node = {}
    for word in words:
        if not word:
            continue
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = {}
    if not root:
        return "(?!)"
    families = [(ch, _render(child)) for ch, child in sorted(root.items())]
    gate = _second_chars(root) if second_char_gate else ""
    if flat:
        seconds = gate.removeprefix("(?=").removesuffix(")")
        branches = "|".join(re.escape(ch) + rest for ch, rest in families)
        return f"(?:(?={_class(families)}{seconds})(?:{branches}))"
    return f"(?:{_class(families)}{gate}{_dispatch(families)})"


def _second_chars(root: Node) -> str:
    """``(?=[…])`` on every character that can follow a first one; empty if a one-character
    word could match without a second character."""
    if any(_END in child for child in root.values()):
        return ""
    seconds = sorted({ch for child in root.values() for ch in child})
    return "(?=[" + "".join(re.escape(ch) for ch in seconds) + "])"


def _class(families: list[tuple[str, str]]) -> str:
    return "[" + "".join(re.escape(ch) for ch, _rest in families) + "]"


def _dispatch(families: list[tuple[str, str]]) -> str:
    """The rest of the word, chosen by the first character just read (a look-behind)."""
    if len(families) == 1:
        return families[0][1]
    if len(families) <= _FANOUT:
        return "(?:" + "|".join(f"(?<={re.escape(ch)}){rest}" for ch, rest in families) + ")"
    half = len(families) // 2
    return f"(?:(?<={_class(families[:half])}){_dispatch(families[:half])}|{_dispatch(families[half:])})"


def _render(node: Node) -> str:
    """What may follow in the trie below `node`: longer continuations first, then the end."""
    branches = [re.escape(ch) + _render(child) for ch, child in sorted(node.items()) if ch != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:
        return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
    return body


class WordMatch(NamedTuple):
    """A word found at `pos`, answering as the `re.Match` of its trie pattern would."""

    pos: int
    word: str

    def start(self) -> int:
        return self.pos

    def end(self) -> int:
        return self.pos + len(self.word)

    def span(self) -> tuple[int, int]:
        return self.pos, self.pos + len(self.word)

    def group(self, index: int = 0) -> str:
        if index != 0:
            raise IndexError("no such group")
        return self.word


class WordFinder:
    """Finds the words of a list in a text, as ``re.finditer`` with their trie pattern does.

    For long lists (3,000 county names) even the gated trie spends most of its time in the
    dispatch at the many positions where a name's first character is followed by some
    name's second one, but by no name's first two characters. A set look-up on the two
    characters drops those positions before a word is looked for. A word can only start
    where its first two characters stand, so trying the remaining positions, left to right
    and each at or after the end of the last word found, finds exactly the matches that
    ``finditer`` finds. Every word must have two characters or more.

    At a position the trie pattern matches the longest listed word the text starts with
    there; `match` finds it with a set look-up per word length instead, so the trie of a
    long list (a fifth of a second to compile for the county names, in every process) is
    compiled only if `pattern` is asked for.

    >>> [m.group() for m in WordFinder(["安庆", "安庆市", "合肥"]).finditer("安庆市和合肥,安阳")]
    ['安庆市', '合肥']
    """

    def __init__(self, words: Iterable[str]) -> None:
        listed = sorted({w for w in words if w})
        if any(len(w) < 2 for w in listed):
            raise ValueError("WordFinder needs words of two characters or more")
        self._listed = listed
        self._words = frozenset(listed)
        # The lengths of the words each first two characters begin, longest first.
        lengths: dict[str, set[int]] = {}
        for w in listed:
            lengths.setdefault(w[:2], set()).add(len(w))
        self._lengths = {pair: sorted(ns, reverse=True) for pair, ns in lengths.items()}
        self._pairs = frozenset(self._lengths)

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """The words as one trie pattern (`trie_pattern`, gated)."""
        return re.compile(trie_pattern(self._listed, second_char_gate=True))

    @cached_property
    def _starts(self) -> re.Pattern[str]:
        firsts = "".join(sorted({re.escape(w[0]) for w in self._listed}))
        seconds = "".join(sorted({re.escape(w[1]) for w in self._listed}))
        return re.compile(f"[{firsts}](?=[{seconds}])" if self._listed else "(?!)")

    def match(self, text: str, pos: int = 0) -> WordMatch | None:
        """The longest word `text` starts with at `pos`, as ``self.pattern.match`` finds it.

        >>> WordFinder(["安庆", "安庆市"]).match("在安庆市", 1)
        WordMatch(pos=1, word='安庆市')
        """
        lengths = self._lengths.get(text[pos : pos + 2])
        if lengths is None:
            return None
        for n in lengths:  # a slice past the end is shorter: then no word of this pair is longer
            piece = text[pos : pos + n]
            if piece in self._words:
                return WordMatch(pos, piece)
        return None

    def matches(self, text: str, pos: int = 0) -> Iterator[str]:
        """Every word `text` starts with at `pos`, longest first: the order in which the trie
        pattern offers them when what follows it in a longer pattern fails.

        >>> list(WordFinder(["安庆", "安庆市", "合肥"]).matches("在安庆市", 1))
        ['安庆市', '安庆']
        """
        for n in self._lengths.get(text[pos : pos + 2], ()):
            piece = text[pos : pos + n]
            if len(piece) == n and piece in self._words:
                yield piece

    def finditer(self, text: str) -> Iterator[WordMatch]:
        """What ``self.pattern.finditer(text)`` yields."""
        starts = [m.start() for m in self._starts.finditer(text)]
        candidates = [p for p in starts if text[p : p + 2] in self._pairs]
        end = 0
        for pos in candidates:
            if pos >= end and (found := self.match(text, pos)) is not None:
                end = found.end()
                yield found
