"""The fonts of the circular: each official role (仿宋, 楷体, 黑体, 小标宋, 宋体, Times New Roman)
keeps its official name in the DOCX (readers open it in WPS or Word, where those fonts exist)
and is drawn, in the PDF and the charts, with a free font that covers all of GB2312.

The substitutes are files (design/circular.md §2): FandolFang/Kai/Hei/Song from
texlive-lang-chinese (`.ci/circular-deps` extracts them), Liberation Serif for digits and
Latin. A missing file, or a character no font of its role has, is a `FontError` naming it:
never a box in the document.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from planwatch.errors import PlanwatchError

FONT_DIRS = (Path("/usr/local/share/fonts/fandol"), Path("/usr/share/fonts/opentype/fandol"),
             Path("/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"),
             Path("/usr/share/fonts/truetype/liberation"), Path("/usr/share/fonts/opentype/noto"))
ENV_DIR = "PLANWATCH_CIRCULAR_FONT_DIR"  # a folder searched first (the fonts shipped elsewhere)


class FontError(PlanwatchError):
    """A font the circular needs is not installed, or lacks a character of the text."""


@dataclass(frozen=True)
class Role:
    key: str
    official: str  # the name written into the DOCX
    family: str  # the CSS family the PDF uses (an @font-face over `file`)
    file: str
    face: int = 0  # the font's index in a .ttc collection


ROLES: dict[str, Role] = {r.key: r for r in (
    Role("fang", "仿宋_GB2312", "PW FangSong", "FandolFang-Regular.otf"),
    Role("kai", "楷体_GB2312", "PW KaiTi", "FandolKai-Regular.otf"),
    Role("hei", "黑体", "PW HeiTi", "FandolHei-Regular.otf"),
    Role("title", "方正小标宋简体", "PW XiaoBiaoSong", "FandolSong-Bold.otf"),
    Role("song", "宋体", "PW SongTi", "FandolSong-Regular.otf"),
    Role("latin", "Times New Roman", "PW Times", "LiberationSerif-Regular.ttf"),
    # Characters outside GB2312 (place names such as 烔炀, 垾): Noto Serif CJK SC (face 2 of
    # the collection is SC) after the role's own font, in every role.
    Role("rare", "宋体", "Noto Serif CJK SC", "NotoSerifCJK-Regular.ttc", face=2),
)}


def search_dirs() -> tuple[Path, ...]:
    extra = os.environ.get(ENV_DIR)
    return ((Path(extra),) if extra else ()) + FONT_DIRS


def font_path(role: str, dirs: tuple[Path, ...] | None = None) -> Path:
    """The file drawing `role`, or a FontError saying what to install."""
    r = ROLES[role]
    for folder in dirs if dirs is not None else search_dirs():
        candidate = folder / r.file
        if candidate.is_file():
            return candidate
    raise FontError(f"字体缺失: {r.official} 需要 {r.file} (run `sudo make circular-deps`; searched "
                    f"{', '.join(str(d) for d in (dirs if dirs is not None else search_dirs()))})")


def all_paths(dirs: tuple[Path, ...] | None = None) -> dict[str, Path]:
    return {key: font_path(key, dirs) for key in ROLES}


@functools.lru_cache(maxsize=16)
def _cmap(path: str, face: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True, fontNumber=face) as font:
        return frozenset(font.getBestCmap())


def coverage(path: Path, face: int = 0) -> frozenset[int]:
    """The code points a font file (face `face` of a collection) has glyphs for."""
    return _cmap(str(path), face)


def role_coverage(role: str, dirs: tuple[Path, ...] | None = None) -> frozenset[int]:
    return coverage(font_path(role, dirs), ROLES[role].face)


def missing_glyphs(text: str, role: str, dirs: tuple[Path, ...] | None = None) -> set[str]:
    """Characters of `text` that neither the role's font, the Latin font nor the rare-character
    font can draw."""
    have = role_coverage(role, dirs) | role_coverage("latin", dirs) | role_coverage("rare", dirs)
    return {ch for ch in set(text) if not ch.isspace() and ord(ch) not in have}


def check_text(texts: dict[str, str], dirs: tuple[Path, ...] | None = None) -> None:
    """Every role's text drawable by its font, else a FontError listing the characters."""
    problems = []
    for role, text in texts.items():
        lacking = missing_glyphs(text, role, dirs)
        if lacking:
            problems.append(f"{ROLES[role].file} 缺字 {''.join(sorted(lacking))!r}")
    if problems:
        raise FontError("字体缺字: " + "; ".join(problems))
