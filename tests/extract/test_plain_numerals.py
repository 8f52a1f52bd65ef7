"""The small reader of written-out numerals (`numbers._plain_chinese`, which spares the
cn2an import on most documents) reads every form it accepts as cn2an does, and accepts
nothing it cannot read."""

from __future__ import annotations

import itertools

import cn2an

from planwatch.extract.numbers import _PLAIN, _plain_chinese, parse_number

DIGITS = "一二三四五六七八九"


def _forms() -> set[str]:
    """Every number below ten thousand written out in full, each place named down to the last."""
    forms = {f"{t}十{u}" for t in ["", *DIGITS] for u in ["", *DIGITS]}
    for h in DIGITS:
        forms.add(f"{h}百")
        forms |= {f"{h}百{t}十{u}" for t in DIGITS for u in ["", *DIGITS]}
    for k in DIGITS:
        forms.add(f"{k}千")
        for h in DIGITS:
            forms.add(f"{k}千{h}百")
            forms |= {f"{k}千{h}百{t}十{u}" for t in DIGITS for u in ["", *DIGITS]}
    return forms


def test_every_written_out_number_reads_as_cn2an_reads_it() -> None:
    forms = _forms()
    wrong = [f for f in forms if _plain_chinese(f) != float(cn2an.cn2an(f, "smart"))]
    assert len(forms) == 8299 and wrong == []


def test_it_accepts_only_those_forms_and_leaves_the_rest_to_cn2an() -> None:
    forms, alphabet = _forms(), "零〇一二三四五六七八九十百千万亿"
    accepted = {"".join(t) for n in range(1, 5) for t in itertools.product(alphabet, repeat=n)
                if _PLAIN.fullmatch("".join(t))}
    assert accepted and accepted <= forms
    assert _plain_chinese("一千五") is None and parse_number("一千五") == 1500  # a place left out: cn2an
    assert _plain_chinese("一万二千") is None and parse_number("一万二千") == 12000
    assert parse_number("两百") == 200
