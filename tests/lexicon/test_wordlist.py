"""The trie form of a word list must match exactly what the plain longest-first alternation
matches, in every context (alone, followed by more pattern that forces backtracking)."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.extract.regions_of_text import divisions
from planwatch.lexicon.places import CITIES, PROVINCES
from planwatch.lexicon.wordlist import trie_pattern

ALPHABET = "安庆市合肥阳.|*"  # few letters: many shared prefixes; regex metacharacters escaped
WIDE = ALPHABET + "abcdefghijklmnopqrstuvwxyz0123456789"  # enough first letters to split the trie
words = st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=4), min_size=1, max_size=12) | st.lists(
    st.text(alphabet=WIDE, min_size=1, max_size=3), min_size=20, max_size=80
)
texts = st.text(alphabet=WIDE + "x", max_size=60)


EXAMPLES = Path(__file__).parents[2] / "src" / "planwatch" / "examples"


def _plain(ws: list[str]) -> str:
    return "(?:" + "|".join(map(re.escape, sorted(set(ws), key=len, reverse=True))) + ")"


@settings(max_examples=400)
@given(words, texts)
def test_trie_finds_what_the_alternation_finds(ws: list[str], text: str) -> None:
    assert re.findall(trie_pattern(ws), text) == re.findall(_plain(ws), text)


@settings(max_examples=400)
@given(words, texts)
def test_trie_backtracks_like_the_alternation(ws: list[str], text: str) -> None:
    for tail in ("市", "x", "(?:市|阳)?x", ""):
        trie = re.compile(f"({trie_pattern(ws)}){tail}")
        plain = re.compile(f"({_plain(ws)}){tail}")
        assert [m.span(1) for m in trie.finditer(text)] == [m.span(1) for m in plain.finditer(text)]


def test_real_place_list() -> None:
    text = "支持马鞍山、芜湖市和安庆发展,合肥与黑龙江省,乌兰察布"
    names = [*CITIES, *PROVINCES]
    assert re.findall(trie_pattern(names), text) == re.findall(_plain(names), text)
    assert re.findall(trie_pattern(names), text)[:3] == ["马鞍山", "芜湖", "安庆"]


def test_every_county_name_on_the_examples() -> None:
    """The 3,000 short names of the governed-region finder: hundreds of first characters,
    so the trie is split many times over."""
    names = list(dict.fromkeys(d.short for d in divisions()))
    assert len({n[0] for n in names}) > 300
    text = "".join(p.read_text(encoding="utf-8")[:5000] for p in sorted(EXAMPLES.glob("*.txt")))
    found = re.findall(trie_pattern(names), text)
    assert found == re.findall(_plain(names), text)
    assert len(found) > 100


def test_empty_list_matches_nothing() -> None:
    assert re.search(trie_pattern([]), "anything") is None
    assert re.search(trie_pattern([""]), "anything") is None
