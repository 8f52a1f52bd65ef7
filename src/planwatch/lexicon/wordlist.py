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
from collections.abc import Iterable

_END = ""  # key marking "a word may end here"
_FANOUT = 4  # first characters tested one by one; more are halved first (fastest measured)

Node = dict[str, "Node"]


def trie_pattern(words: Iterable[str]) -> str:
    """A regex source matching exactly the given words, longest first, without groups.

    >>> trie_pattern(["安庆", "安阳", "安庆市", "合肥"])
    '(?:[合安](?:(?<=合)肥|(?<=安)(?:庆市?|阳)))'
    >>> re.findall(trie_pattern(["安庆", "安庆市"]), "安庆市和安庆")
    ['安庆市', '安庆']
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
    return f"(?:{_class(families)}{_dispatch(families)})"


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
