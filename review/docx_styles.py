"""Paragraph styles of a .docx: outline levels and the list numbering a style carries."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .docx_xml import VAL, Element, W

__all__ = ["Styles", "outline_level_of", "paragraph_num_pr"]

_HEADING_NAME = re.compile(r"^(?:heading|标题|見出し|제목)\s*([1-9])$", re.IGNORECASE)
_MAX_CHAIN = 20  # basedOn chains longer than this are cycles or hostile


@dataclass(frozen=True)
class _Style:
    name: str
    based_on: str | None
    outline: int | None  # 0-based w:outlineLvl; 9 means body text
    num_id: str | None
    ilvl: int | None


def outline_level_of(p_pr: Element | None) -> int | None:
    """The 0-based ``w:outlineLvl`` set directly in a ``w:pPr``; ``None`` if not set."""
    if p_pr is None:
        return None
    el = p_pr.find(f"{W}outlineLvl")
    if el is None:
        return None
    try:
        return int(el.get(VAL, "9"))
    except ValueError:
        return None


def _num_pr(p_pr: Element | None) -> tuple[str | None, int | None]:
    if p_pr is None:
        return None, None
    num_pr = p_pr.find(f"{W}numPr")
    if num_pr is None:
        return None, None
    num_el = num_pr.find(f"{W}numId")
    ilvl_el = num_pr.find(f"{W}ilvl")
    ilvl: int | None = None
    if ilvl_el is not None:
        try:
            ilvl = int(ilvl_el.get(VAL, "0"))
        except ValueError:
            ilvl = None
    return (None if num_el is None else num_el.get(VAL)), ilvl


class Styles:
    """The paragraph styles of styles.xml (``None`` root: a document without styles)."""

    def __init__(self, root: Element | None) -> None:
        self._styles: dict[str, _Style] = {}
        self.default_id: str | None = None
        if root is None:
            return
        for style in root.iterfind(f"{W}style"):
            if style.get(f"{W}type", "paragraph") != "paragraph":
                continue
            style_id = style.get(f"{W}styleId", "")
            name_el = style.find(f"{W}name")
            based_el = style.find(f"{W}basedOn")
            p_pr = style.find(f"{W}pPr")
            num_id, ilvl = _num_pr(p_pr)
            self._styles[style_id] = _Style(
                name=(name_el.get(VAL, "") if name_el is not None else "").strip(),
                based_on=None if based_el is None else based_el.get(VAL),
                outline=outline_level_of(p_pr),
                num_id=num_id,
                ilvl=ilvl,
            )
            if style.get(f"{W}default") in ("1", "true", "on"):
                self.default_id = style_id
        self._heading_cache: dict[str, int | None] = {}
        self._num_cache: dict[str, tuple[str | None, int | None, str | None]] = {}

    def _chain(self, style_id: str | None) -> list[tuple[str, _Style]]:
        chain: list[tuple[str, _Style]] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and len(chain) < _MAX_CHAIN:
            seen.add(style_id)
            style = self._styles.get(style_id)
            if style is None:
                break
            chain.append((style_id, style))
            style_id = style.based_on
        return chain

    def heading_level(self, style_id: str | None) -> int | None:
        """1-based heading level the style gives ("Heading 2", "标题 2", outline level 1 → 2)."""
        key = style_id or ""
        if key in self._heading_cache:
            return self._heading_cache[key]
        level: int | None = None
        for _, style in self._chain(style_id):
            if style.outline is not None:
                level = style.outline + 1 if 0 <= style.outline <= 8 else None
                break
            m = _HEADING_NAME.match(style.name)
            if m:
                level = int(m.group(1))
                break
        self._heading_cache[key] = level
        return level

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None, str | None]:
        """(numId, ilvl, id of the style that set it) the style chain gives; Nones if none."""
        key = style_id or ""
        if key not in self._num_cache:
            found: tuple[str | None, int | None, str | None] = (None, None, None)
            for sid, style in self._chain(style_id):
                if style.num_id is not None:
                    found = (style.num_id, style.ilvl, sid)
                    break
            self._num_cache[key] = found
        return self._num_cache[key]

    def num_ids(self) -> dict[str, str]:
        """Style id → numId it sets directly (to follow ``w:numStyleLink``)."""
        return {sid: s.num_id for sid, s in self._styles.items() if s.num_id is not None}


def paragraph_num_pr(p_pr: Element | None) -> tuple[str | None, int | None]:
    """(numId, ilvl) set directly on a paragraph; Nones when not set."""
    return _num_pr(p_pr)
