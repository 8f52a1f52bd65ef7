"""The trie form of a word list must match exactly what the plain longest-first alternation
matches, in every context (alone, followed by more pattern that forces backtracking)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.extract.regions_of_text import divisions
from planwatch.lexicon.places import CITIES, PROVINCES
from planwatch.lexicon.wordlist import WordFinder, trie_pattern

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


def assert_same_in_context(pattern: str, reference: str, text: str) -> None:
    """Both patterns, followed by more pattern that forces backtracking, match the same spans."""
    for tail in ("市", "x", "(?:市|阳)?x", ""):
        got, want = re.compile(f"({pattern}){tail}"), re.compile(f"({reference}){tail}")
        assert [m.span(1) for m in got.finditer(text)] == [m.span(1) for m in want.finditer(text)]


@settings(max_examples=400)
@given(words, texts)
def test_trie_backtracks_like_the_alternation(ws: list[str], text: str) -> None:
    assert_same_in_context(trie_pattern(ws), _plain(ws), text)


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


# The second-character gate and WordFinder only skip positions where no word can match.
GATE_ALPHABET = "安庆市合肥阳.|*abc"
gate_words = st.lists(st.text(alphabet=GATE_ALPHABET, min_size=1, max_size=4), min_size=1, max_size=12)
gate_texts = st.text(alphabet=GATE_ALPHABET + "x", max_size=60)


@settings(max_examples=400)
@given(gate_words, gate_texts)
def test_gated_trie_matches_as_the_plain_trie(ws: list[str], text: str) -> None:
    assert_same_in_context(trie_pattern(ws, second_char_gate=True), trie_pattern(ws), text)


def test_gate_is_left_out_when_a_word_has_one_character() -> None:
    assert trie_pattern(["安", "安庆"], second_char_gate=True) == trie_pattern(["安", "安庆"])


long_words = st.lists(st.text(alphabet=GATE_ALPHABET, min_size=2, max_size=4), min_size=1, max_size=12)


@settings(max_examples=400)
@given(long_words, gate_texts)
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
