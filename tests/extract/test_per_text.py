"""Per-document indexes are memoised by the text's identity, never by its value: an equal
text from another extraction must not be compared character by character on every look-up
(that made a second extraction of the same 10 MB document eight times slower)."""

from __future__ import annotations

from planwatch.extract.years import per_text


def test_equal_texts_are_indexed_separately_and_each_once() -> None:
    calls: list[str] = []

    @per_text
    def index(text: str) -> int:
        calls.append(text)
        return len(calls)

    first = "".join(["到2020年", "产值达到500亿元"])
    second = "".join(["到2020年产值", "达到500亿元"])  # equal value, another object
    assert first == second and first is not second
    assert index(first) == 1
    assert index(first) == 1  # the same text: memoised
    assert index(second) == 2  # an equal text from elsewhere: its own index
    assert index(second) == 2
    assert len(calls) == 2


def test_memo_keeps_few_texts_alive() -> None:
    @per_text
    def index(text: str, k: int) -> tuple[str, int]:
        return text, k

    texts = ["".join(["文", str(i)]) for i in range(40)]
    for t in texts:
        assert index(t, 1) == (t, 1)
    assert index(texts[-1], 2) == (texts[-1], 2)  # extra arguments are part of the key
