"""The second-character gate of a trie only skips positions where no word can match: the
gated trie must match exactly what the plain one (and the plain alternation) matches."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.extract.regions_of_text import divisions
from planwatch.lexicon.wordlist import WordFinder, trie_pattern

EXAMPLES = Path(__file__).parents[2] / "src" / "planwatch" / "examples"

ALPHABET = "安庆市合肥阳.|*abc"
words = st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=4), min_size=1, max_size=12)
texts = st.text(alphabet=ALPHABET + "x", max_size=60)


@settings(max_examples=400)
@given(words, texts)
def test_gated_trie_matches_as_the_plain_trie(ws: list[str], text: str) -> None:
    for tail in ("市", "x", "(?:市|阳)?x", ""):
        gated = re.compile(f"({trie_pattern(ws, second_char_gate=True)}){tail}")
        plain = re.compile(f"({trie_pattern(ws)}){tail}")
        assert [m.span(1) for m in gated.finditer(text)] == [m.span(1) for m in plain.finditer(text)]


def test_gate_is_left_out_when_a_word_has_one_character() -> None:
    assert trie_pattern(["安", "安庆"], second_char_gate=True) == trie_pattern(["安", "安庆"])


long_words = st.lists(st.text(alphabet=ALPHABET, min_size=2, max_size=4), min_size=1, max_size=12)


@settings(max_examples=400)
@given(long_words, texts)
def test_word_finder_finds_what_finditer_finds(ws: list[str], text: str) -> None:
    plain = re.compile(trie_pattern(ws))
    assert [m.span() for m in WordFinder(ws).finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_word_finder_on_the_county_names() -> None:
    names = list(dict.fromkeys(d.short for d in divisions()))
    text = "".join(p.read_text(encoding="utf-8")[:5000] for p in sorted(EXAMPLES.glob("*.txt")))
    plain = re.compile(trie_pattern(names))
    assert [m.span() for m in WordFinder(names).finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_word_finder_refuses_one_character_words() -> None:
    with pytest.raises(ValueError):
        WordFinder(["安", "安庆"])
