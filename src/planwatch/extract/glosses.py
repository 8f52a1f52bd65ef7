"""Pinyin glosses that some mirror sites print after characters: 創新(xīn), 關(guan) 於(yu).

Copies of government documents on content sites are often "annotated" character by character
with their pinyin in brackets, which splits every word a rule looks for (增长(cháng)55%, 新(xīn)建)
and leaves pinyin inside metric and unit names. `TextView` drops the glosses from the view it
matches on; quotes are still cut from the source, so they keep the text exactly as printed.
"""

from __future__ import annotations

import re

# A bracketed lowercase syllable of Latin letters, with or without its tone mark, and the blank
# some sites print after it before the next character.
_GLOSS = re.compile(r"\((?P<syllable>[a-zü\u0101-\u01dc\u00e0-\u00fc]{1,6})\)(?: (?=[\u4e00-\u9fff]))?")
_VOWEL = re.compile(r"[aeiouvü\u0101\u00e1\u01ce\u00e0\u0113\u00e9\u011b\u00e8\u012b\u00ed\u01d0\u00ec"
                    r"\u014d\u00f3\u01d2\u00f2\u016b\u00fa\u01d4\u00f9\u01d6\u01d8\u01da\u01dc]")
# Fewer than this many glosses in a document are not a mirror's annotation but the text's own
# brackets, such as an abbreviation in lower case: left as they are.
MIN_GLOSSES = 3


def pinyin_glosses(text: str) -> list[tuple[int, int]]:
    """[start, end) of each pinyin gloss right after a Chinese character, in order; none when the
    text holds fewer than `MIN_GLOSSES` (a document's own lower-case brackets, not a mirror's).

    >>> text = "推动创新(xīn)发展，增长(cháng)55%，新(xīn)建10个。关(guan) 于(yu)印发"
    >>> "".join(text[a:b] for a, b in pinyin_glosses(text))
    '(xīn)(cháng)(xīn)(guan) (yu)'
    >>> pinyin_glosses("重量(kg)、长度(m)、体积(cm)和时间(s)")
    []
    """
    found = _glosses(text)
    return found if len(found) >= MIN_GLOSSES else []


def without_glosses(name: str) -> str:
    """A name cut from a glossed source (a title, an issuer) without its glosses; `name` itself
    when it has none. Only for documents `pinyin_glosses` found glossed.

    >>> without_glosses("關(guan) 於(yu)更好發揮數據要素作用的實施意見"), without_glosses("数字经济")
    ('關於更好發揮數據要素作用的實施意見', '数字经济')
    """
    cuts = _glosses(name)
    if not cuts:
        return name
    bounds = [0, *(x for span in cuts for x in span), len(name)]
    return "".join(name[a:b] for a, b in zip(bounds[::2], bounds[1::2], strict=True))


def _glosses(text: str) -> list[tuple[int, int]]:
    if "(" not in text:
        return []
    found = []
    for m in _GLOSS.finditer(text):
        start = m.start()
        if start == 0 or not "\u4e00" <= text[start - 1] <= "\u9fff":
            continue
        syllable = m.group("syllable")
        if _VOWEL.search(syllable) is None:
            continue  # kg, cm, mm: units, never a syllable
        found.append((start, m.end()))
    return found


__all__ = ["MIN_GLOSSES", "pinyin_glosses", "without_glosses"]
