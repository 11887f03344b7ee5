"""Rebuild the list numbers Word draws from numbering.xml ("第一条", "Article 5", "1.2")."""

from __future__ import annotations

from dataclasses import dataclass, field

from .docx_xml import VAL, Element, W

__all__ = ["ListLevel", "Numbering", "format_number", "parse_numbering"]

_ZH_DIGITS = "零一二三四五六七八九"
_ZH_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_ZH_UNITS = ("", "十", "百", "千")
_ZH_LEGAL_UNITS = ("", "拾", "佰", "仟")
_IDEO_DIGITS = "〇一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ENGLISH_ORDINALS = (
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
    "eighteenth", "nineteenth", "twentieth",
)  # fmt: skip
_ENGLISH_CARDINALS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
)  # fmt: skip


def _zh_under_10000(n: int, digits: str, units: tuple[str, ...]) -> str:
    if n < 10:
        return digits[n]
    out: list[str] = []
    zero_pending = False
    for power in (3, 2, 1, 0):
        d = (n // 10**power) % 10
        if d == 0:
            if out:
                zero_pending = True
            continue
        if zero_pending:
            out.append(digits[0])
            zero_pending = False
        out.append(digits[d] + units[power])
    text = "".join(out)
    # Word writes 10-19 as 十, 十一 … not 一十一 (but keeps 一百一十 for larger numbers).
    if 10 <= n < 20 and text.startswith(digits[1] + units[1]):
        text = text[1:]
    return text


def _zh_count(n: int, *, legal: bool = False) -> str:
    digits = _ZH_LEGAL_DIGITS if legal else _ZH_DIGITS
    units = _ZH_LEGAL_UNITS if legal else _ZH_UNITS
    if n < 0 or n >= 100_000_000:
        return str(n)
    if n < 10000:
        return _zh_under_10000(n, digits, units)
    high, low = divmod(n, 10000)
    text = _zh_under_10000(high, digits, units) + ("萬" if legal else "万")
    if low:
        text += (digits[0] if low < 1000 else "") + _zh_under_10000(low, digits, units)
    return text


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


_MAX_LETTERS = 780  # 30 z's; past it the count is written in figures rather than as a runaway label


def _letters(n: int) -> str:
    # Word repeats the letter: a … z, aa … zz, aaa …
    if n <= 0 or n > _MAX_LETTERS:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """Write ``n`` the way Word writes it for a ``w:numFmt`` value (unknown formats → decimal)."""
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
        "japaneseCounting",
        "koreanCounting",
    ):
        return _zh_count(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional", "japaneseLegal"):
        return _zh_count(n, legal=True)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand", "koreanDigital"):
        return "".join(_IDEO_DIGITS[int(c)] for c in str(n)) if n >= 0 else str(n)
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12] if n > 0 else str(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(ord(c) - ord("0") + 0xFF10) if c.isdigit() else c for c in str(n))
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return _CIRCLED[n - 1] if 1 <= n <= len(_CIRCLED) else str(n)
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "ordinal":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    if fmt == "ordinalText":
        return _ENGLISH_ORDINALS[n].capitalize() if 0 <= n < len(_ENGLISH_ORDINALS) else str(n)
    if fmt == "cardinalText":
        return _ENGLISH_CARDINALS[n].capitalize() if 0 <= n < len(_ENGLISH_CARDINALS) else str(n)
    if fmt == "none":
        return ""
    return str(n)


@dataclass(frozen=True)
class ListLevel:
    """One ``w:lvl`` of an abstract list: how its number is written and what follows it."""

    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    suffix: str = "tab"  # "tab" | "space" | "nothing"
    legal: bool = False  # w:isLgl: every level shown in decimal
    restart: int | None = None  # w:lvlRestart: restart after this (1-based) level; None = previous


_DEFAULT_LEVEL = ListLevel()


@dataclass
class _Instance:
    abstract_id: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, ListLevel] = field(default_factory=dict)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _child_val(el: Element, tag: str) -> str | None:
    child = el.find(f"{W}{tag}")
    return None if child is None else child.get(VAL)


def _parse_level(lvl: Element) -> ListLevel:
    restart = _child_val(lvl, "lvlRestart")
    is_lgl = lvl.find(f"{W}isLgl")
    return ListLevel(
        fmt=_child_val(lvl, "numFmt") or "decimal",
        text=_child_val(lvl, "lvlText") or "",
        start=_int(_child_val(lvl, "start"), 1),
        suffix=_child_val(lvl, "suff") or "tab",
        legal=is_lgl is not None and is_lgl.get(VAL, "true") not in ("0", "false", "off"),
        restart=None if restart is None else _int(restart, 0),
    )


class Numbering:
    """The lists of one document, with the running counters Word keeps while drawing it.

    Counters are kept per abstract list, as Word does: two ``w:num`` that share an abstract list
    continue each other unless one restarts with ``w:startOverride``.
    """

    def __init__(
        self,
        abstracts: dict[str, dict[int, ListLevel]],
        instances: dict[str, _Instance],
        style_links: dict[str, str],
        abstract_style_links: dict[str, str],
        level_styles: dict[tuple[str, str], int],
    ) -> None:
        self._abstracts = abstracts
        self._instances = instances
        self._style_links = style_links  # style id -> numId its numStyleLink points to
        self._abstract_style_links = abstract_style_links  # abstractNumId -> numStyleLink style id
        self._level_styles = level_styles  # (abstractNumId, pStyle) -> ilvl
        self._counters: dict[str, dict[int, int]] = {}
        self._level_cache: dict[tuple[str, int], ListLevel] = {}
        self._started: set[str] = set()

    def _abstract_for(self, num_id: str) -> str | None:
        inst = self._instances.get(num_id)
        if inst is None:
            return None
        abstract_id = inst.abstract_id
        link = self._abstract_style_links.get(abstract_id)
        if link is not None:
            linked_num = self._style_links.get(link)
            linked = self._instances.get(linked_num) if linked_num else None
            if linked is not None:
                abstract_id = linked.abstract_id
        return abstract_id

    def level_for_style(self, num_id: str, style_id: str) -> int | None:
        """The level whose ``w:pStyle`` is ``style_id`` in list ``num_id``; ``None`` if none is."""
        abstract_id = self._abstract_for(num_id)
        if abstract_id is None:
            return None
        return self._level_styles.get((abstract_id, style_id))

    def _level(self, num_id: str, abstract_id: str, ilvl: int) -> ListLevel:
        key = (num_id, ilvl)
        level = self._level_cache.get(key)
        if level is None:
            inst = self._instances[num_id]
            level = inst.level_overrides.get(ilvl) or self._abstracts.get(abstract_id, {}).get(ilvl, _DEFAULT_LEVEL)
            self._level_cache[key] = level
        return level

    def label(self, num_id: str, ilvl: int) -> tuple[str, str] | None:
        """Advance the counter of list ``num_id`` at level ``ilvl``; return (label, suffix).

        ``None`` when the list does not exist (numId 0 means "numbering removed").
        """
        abstract_id = self._abstract_for(num_id)
        if abstract_id is None or not 0 <= ilvl <= 8:
            return None
        inst = self._instances[num_id]
        key = abstract_id
        if inst.start_overrides:
            key = f"{abstract_id}#{num_id}"
        counters = self._counters.setdefault(key, {})
        if key not in self._started:
            self._started.add(key)
            for overridden, start in inst.start_overrides.items():
                counters[overridden] = start - 1
        level = self._level(num_id, abstract_id, ilvl)
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in range(ilvl + 1, 9):
            deeper_level = self._level(num_id, abstract_id, deeper)
            restart = deeper_level.restart
            if restart is None or (restart != 0 and restart - 1 >= ilvl):
                counters.pop(deeper, None)
        text = level.text
        for shown in range(ilvl + 1):
            placeholder = f"%{shown + 1}"
            if placeholder not in text:
                continue
            shown_level = self._level(num_id, abstract_id, shown)
            value = counters.get(shown, shown_level.start)
            fmt = "decimal" if level.legal and shown_level.fmt != "none" else shown_level.fmt
            text = text.replace(placeholder, format_number(value, fmt))
        if level.fmt == "bullet":
            return None
        return text, level.suffix


def parse_numbering(root: Element | None, style_num_ids: dict[str, str]) -> Numbering:
    """Read numbering.xml (``None`` when the document has none).

    ``style_num_ids`` maps a paragraph style id to the numId its own ``w:numPr`` gives, used to
    follow ``w:numStyleLink``.
    """
    abstracts: dict[str, dict[int, ListLevel]] = {}
    abstract_links: dict[str, str] = {}
    level_styles: dict[tuple[str, str], int] = {}
    instances: dict[str, _Instance] = {}
    if root is not None:
        for abstract in root.iterfind(f"{W}abstractNum"):
            abstract_id = abstract.get(f"{W}abstractNumId", "")
            levels: dict[int, ListLevel] = {}
            for lvl in abstract.iterfind(f"{W}lvl"):
                ilvl = _int(lvl.get(f"{W}ilvl"), 0)
                levels[ilvl] = _parse_level(lvl)
                p_style = _child_val(lvl, "pStyle")
                if p_style:
                    level_styles[(abstract_id, p_style)] = ilvl
            abstracts[abstract_id] = levels
            link = _child_val(abstract, "numStyleLink")
            if link:
                abstract_links[abstract_id] = link
        for num in root.iterfind(f"{W}num"):
            num_id = num.get(f"{W}numId", "")
            inst = _Instance(abstract_id=_child_val(num, "abstractNumId") or "")
            for override in num.iterfind(f"{W}lvlOverride"):
                ilvl = _int(override.get(f"{W}ilvl"), 0)
                start = _child_val(override, "startOverride")
                if start is not None:
                    inst.start_overrides[ilvl] = _int(start, 1)
                lvl = override.find(f"{W}lvl")
                if lvl is not None:
                    inst.level_overrides[ilvl] = _parse_level(lvl)
            instances[num_id] = inst
    return Numbering(abstracts, instances, style_num_ids, abstract_links, level_styles)
