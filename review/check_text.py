"""Checks on the words: leftover placeholders, Unified Social Credit Codes, party names."""

from __future__ import annotations

import re
from dataclasses import dataclass

import ahocorasick

from clause_library.identifiers import uscc_problem
from clause_library.models import Role, Severity

from .check_base import TEXT_PARTS, Context, clip, finding
from .document import Block, Part
from .findings import Finding
from .linear import compile_linear

__all__ = ["check_party_names", "check_placeholders", "check_uscc", "placeholder_kind"]

# ---- placeholders ---------------------------------------------------------------------------

_BLANK = r"[X×xＸｘ＊*_]"
# Written so that no run of spaces or X's can be split two ways and no match starts inside such a run
# (the same matches as "(?:X{2,4}|\s{2,})\s*年\s*(?:X{1,2}|\s{2,})\s*月…", which took minutes on 5,000 spaces).
_PLACEHOLDER = re.compile(
    rf"(?P<date>(?:{_BLANK}{{2,4}}\s*|(?<!\s)\s{{2,}})年(?:\s*{_BLANK}{{1,2}}\s*|\s{{2,}})月"
    rf"(?:\s*{_BLANK}{{1,2}}\s*|\s{{2,}})日"
    r"|(?<![\d零〇一二三四五六七八九十])年\s+月\s+日)"
    r"|(?P<under>_{3,})"
    r"|(?P<bracket>【[^】\n]{0,30}】)"
    r"|(?P<jinja>\{\{[^}\n]{0,80}\}\}|\{%[^%\n]{0,80}%\})"
    r"|(?P<bullet>[\[［]\s*[●•·…]+\s*[\]］])"
    r"|(?P<insert>\[\s*(?:insert|enter|fill in|name of|date of|amount|party|company name|address)\b[^\]\n]{0,60}\])"
    r"|(?P<xx>×{2,}|(?<=[\u4e00-\u9fff：:])[XＸxｘ]{2,}|(?<![XＸxｘ])[XＸxｘ]{2,}(?=[\u4e00-\u9fff]))"
    r"|(?P<tbd>\bTBD\b|\bTBC\b|\bto be (?:determined|confirmed|agreed)\b|待定|待填写?|待补充|待确认)",
    re.IGNORECASE,
)
# Cheap first look: a block with none of these cannot hold a placeholder.
_TRIGGER = re.compile(r"__|【|年\s|\{[{%]|[\[［]|××|[XＸxｘ]{2}|TB[DC]|to be (?:determined|confirmed|agreed)|待",
                      re.IGNORECASE)
# ... looked for as strings in the lower-cased block, in one pass: every match of _TRIGGER holds one
# (no character but these matches them case-insensitively); "年" only counts when _YEAR_GAP is there.
_TRIGGER_STRINGS = ("__", "【", "年", "{{", "{%", "[", "［", "××", "tbd", "tbc", "to be determined",
                    "to be confirmed", "to be agreed", "待",
                    *(a + b for a in "xｘ" for b in "xｘ"))
_YEAR_GAP = re.compile(r"年\s")
_TRIGGER_FINDER = ahocorasick.Automaton()
for _s in _TRIGGER_STRINGS:
    _TRIGGER_FINDER.add_word(_s, _s)
_TRIGGER_FINDER.make_automaton()


def _may_hold_placeholder(text: str) -> bool:
    """False only when ``_TRIGGER`` finds nothing in ``text`` (faster than running it)."""
    year = False
    for _, s in _TRIGGER_FINDER.iter(text.lower()):
        if s != "年":
            return True
        year = True
    return year and _YEAR_GAP.search(text) is not None
_BRACKET_WORDS = re.compile(r"^【\s*】$|填写|填入|插入|输入|请|待定|名称|金额|日期|姓名|地址|[Xx×]{2}|…|\.{3}|_|●|•")
_SEPARATOR = re.compile(r"^[_\s]{10,}$")
# Blanks that are filled in by hand at signing, wherever they are.
_SIGNING_LABEL = re.compile(
    r"(?:签[订署字章名](?:日期|地点|时间)?|盖章|(?:法定|授权)代表人?|代理人|signature|signed|sign(?:ed)? at|"
    r"by|witness|seal)\s*[:：]?\s*$",
    re.IGNORECASE,
)
_CUES = (
    ("amount", re.compile(r"金额|价款|价格|总价|费用|人民币|RMB|CNY|USD|[￥¥$]|amount|price|fees?\b|sum of|合计",
                          re.IGNORECASE)),
    ("date", re.compile(r"日期|日起|期限|时间|date|dated|day of|effective|commenc", re.IGNORECASE)),
    ("party", re.compile(r"甲方|乙方|丙方|委托方|受托方|供应商|服务商|承诺人|名称|公司|当事人|"
                         r"\bparty\b|between|client|vendor|supplier|company|\bname\b", re.IGNORECASE)),
)
_AFTER = (
    ("date", re.compile(r"^\s*(?:年|月|日|起|止)")),
    ("amount", re.compile(r"^\s*(?:元|万元|yuan|dollars)", re.IGNORECASE)),
)
_OWNER = {"amount": Role.finance, "date": Role.business, "party": Role.legal}
_WHAT = {"amount": ("金额", "an amount"), "date": ("日期", "a date"), "party": ("当事人", "a party"),
         "other": ("内容", "text")}
_MAX_PLACEHOLDERS = 40


def placeholder_kind(text: str, start: int, end: int) -> str:
    """What an unfilled blank at ``text[start:end]`` stands for: amount, date, party or other.

    The words right after the blank ("____元", "__年") decide first; then the cue nearest before it.
    """
    after = text[end : end + 6]
    for kind, rx in _AFTER:
        if rx.search(after):
            return kind
    inner = text[start:end]
    best, pos = "other", -1
    window = text[max(0, start - 16) : start] + " " + inner
    for kind, rx in _CUES:
        for m in rx.finditer(window):
            if m.end() > pos:
                best, pos = kind, m.end()
    return best


def _exempt(ctx: Context, block: Block, m: re.Match[str]) -> bool:
    group = m.lastgroup or ""
    text = block.text
    if group == "under" and _SEPARATOR.match(text.strip()):
        return True
    if group in ("under", "date", "bracket") and ctx.in_signature_block(block):
        return group != "bracket" or _BRACKET_WORDS.search(m.group(0)) is not None
    if group in ("under", "date"):
        line_start = max(text.rfind("\n", 0, m.start()), text.rfind("|", 0, m.start())) + 1
        return _SIGNING_LABEL.search(text[line_start : m.start()]) is not None
    return False


def check_placeholders(ctx: Context) -> list[Finding]:
    """Leftover blanks and template marks: ____, 【 】, XX年XX月XX日, ××, {{ }}, {% %}, [●], [insert …], TBD/待定.

    A blank standing for an amount, a date or a party (judged from the words around it) is a
    blocker, owned by finance, business and legal respectively; any other leftover is a legal
    warning. Blanks that are normally filled at signing — in the signature block, or after a
    signing label such as 签订日期 / 签字 / "Signature:" / "By:" — are not findings.
    """
    out: list[Finding] = []
    parts = TEXT_PARTS | {Part.header, Part.footer, Part.footnote}
    for block in ctx.blocks_having(_TRIGGER_STRINGS, parts):
        if not _may_hold_placeholder(block.text):  # the exact first look ("年" counts before a gap)
            continue
        for m in _PLACEHOLDER.finditer(block.text):
            if m.lastgroup == "bracket" and not _BRACKET_WORDS.search(m.group(0)):
                continue  # 【重要提示】: emphasis, not a blank
            if _exempt(ctx, block, m):
                continue
            kind = "date" if m.lastgroup == "date" else placeholder_kind(block.text, m.start(), m.end())
            what_zh, what_en = _WHAT[kind]
            blocker = kind in _OWNER
            out.append(finding(
                "placeholder", Severity.blocker if blocker else Severity.warning, _OWNER.get(kind, Role.legal),
                f"未填写的占位符“{m.group(0).strip()}”（应为{what_zh}）" if blocker
                else f"遗留的占位符或模板标记“{m.group(0).strip()}”",
                f"unfilled placeholder {m.group(0).strip()!r} (stands for {what_en})" if blocker
                else f"leftover placeholder or template mark {m.group(0).strip()!r}",
                location=block.location, evidence=_around(block.text, m),
            ))
            if len(out) >= _MAX_PLACEHOLDERS:
                return out
    return out


def _around(text: str, m: re.Match[str], width: int = 60) -> str:
    start, end = max(0, m.start() - width), min(len(text), m.end() + width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


# ---- Unified Social Credit Code -------------------------------------------------------------

_USCC = re.compile(
    r"(?P<label>统一社会信用代码|社会信用代码|信用代码|USCC|Unified Social Credit Code|纳税人识别号|税号)"
    r"\s*(?:[（(][^）)\n]{0,12}[）)])?\s*(?:[:：]|is|no\.?)?\s*(?P<code>[0-9A-Za-z]{15,20})(?![0-9A-Za-z])",
    re.IGNORECASE,
)


def check_uscc(ctx: Context) -> list[Finding]:
    """A Unified Social Credit Code (after its label) with a wrong length, alphabet or check character.

    A legal blocker: a wrong code names a different company or none. A 纳税人识别号 (tax number)
    is checked only when it has 18 characters, since older ones have 15 or 20 digits.
    """
    out: list[Finding] = []
    seen: set[str] = set()
    for block in ctx.blocks_for(_USCC, parts=TEXT_PARTS | {Part.header, Part.footer}):
        for m in _USCC.finditer(block.text):
            code, label = m.group("code"), m.group("label")
            if label in ("纳税人识别号", "税号") and len(code) != 18:
                continue
            problem = uscc_problem(code)
            if problem is None or code in seen:
                continue
            seen.add(code)
            out.append(finding(
                "uscc", Severity.blocker, Role.legal,
                f"统一社会信用代码 {code} 无效：{problem}",
                f"Unified Social Credit Code {code} is invalid: {problem}",
                location=block.location, evidence=_around(block.text, m),
                category="parties",
            ))
    return out


# ---- party names -----------------------------------------------------------------------------

_PREAMBLE_BLOCKS = 25
# In RE2 (linear time): a run of blank lines made Python's re re-read the run from every line start in it.
_ZH_PARTY = compile_linear(
    r"^\s*(?P<label>甲方|乙方|丙方|委托方|受托方)\s*(?:[（(](?P<alias>[^）)\n]{1,12})[）)])?\s*[:：]\s*(?P<name>[^\n]*)$",
    re.MULTILINE,
)
_EN_PARTY = compile_linear(
    r"^\s*(?P<label>Party [ABC])\s*(?:\((?:the\s+)?[\"“]?(?P<alias>[A-Za-z ]{1,24}?)[\"”]?\))?\s*:\s*(?P<name>[^\n]*)$",
    re.MULTILINE | re.IGNORECASE,
)
_DEFINED = r"\s*\((?:the\s+|hereinafter\s+(?:referred to as\s+)?)?[\"“]"
_BETWEEN = re.compile(
    rf"\bbetween\s+(?P<a>[A-Z][^\n(]{{2,120}}?){_DEFINED}(?P<aa>[A-Za-z ]{{1,24}})[\"”]"
    rf"[^)]*\)\s*,?\s*and\s+(?P<b>[A-Z][^\n(]{{2,120}}?){_DEFINED}(?P<ba>[A-Za-z ]{{1,24}})[\"”]"
)
_SIGN_LABEL = re.compile(
    r"^\s*(?P<label>甲方|乙方|丙方|委托方|受托方|Party [ABC]|Client|Vendor|Supplier|Customer|Company|Contractor|"
    r"Service Provider)\s*(?:[（(][^）)\n]{0,30}[）)])?\s*[:：]\s*(?P<name>.*)$",
    re.IGNORECASE,
)
# In PDF text both parties' signature labels can share one line: "甲方（盖章）： 乙方（盖章）：".
# Both are used with sub(), which RE2 does not run here, so they are written not to backtrack: a match never
# starts inside a run of spaces ((?<!\s): the run's first space would start it, further left), and no run of
# spaces or of anything else is split two ways (possessive quantifiers where what follows cannot start the same
# way); the same matches as "\s*(?:labels)\s*(?:…)?\s*[:：].*$", without re-reading a long run from each start.
_NEXT_LABEL = re.compile(
    r"(?<!\s)\s*+(?:甲方|乙方|丙方|委托方|受托方|Party [ABC]|Client|Vendor|Supplier|Customer|法定代表人|授权代表|"
    r"日期|Date)\s*+(?:[（(][^）)\n]{0,30}[）)])?\s*+[:：].*+$",
    re.IGNORECASE,
)
_TRAILER = re.compile(r"(?<!\s)\s*+(?:[（(](?:以下简称|下称|hereinafter|the\s)[^）)]*+[）)]?|，|;|；).*+$",
                      re.IGNORECASE)
# "甲方：X / 乙方：Y" or one label a line; a " / " never starts inside a run of spaces (it would have started at
# the run's first space, or that space is a line's end and a " / " after it starts there too).
_PIECES = re.compile(r"(?<!\s)\s+/\s+|\n")
_NOISE = re.compile(r"[\s,.，。、:：;；\"“”'‘’()（）]+")
_ALIASES = {"甲方": "委托方", "委托方": "甲方", "乙方": "受托方", "受托方": "乙方"}


@dataclass(frozen=True)
class _Party:
    labels: frozenset[str]
    name: str
    location: str


def _norm(name: str) -> str:
    return _NOISE.sub("", name).casefold()


def _clean(name: str) -> str:
    return _TRAILER.sub("", name).strip()


def _preamble_parties(ctx: Context) -> list[_Party]:
    out: list[_Party] = []
    for block in list(ctx.blocks())[:_PREAMBLE_BLOCKS]:
        if block.heading_level is not None or ctx.in_signature_block(block):
            break
        for rx in (_ZH_PARTY, _EN_PARTY):
            for m in rx.finditer(block.text):
                name = _clean(m.group("name"))
                if not name:
                    continue
                labels = {m.group("label").casefold()}
                if m.group("alias"):
                    labels.add(m.group("alias").strip().casefold())
                if m.group("label") in _ALIASES:
                    labels.add(_ALIASES[m.group("label")])
                out.append(_Party(frozenset(labels), name, block.location))
        for m in _BETWEEN.finditer(block.text):
            for name, alias in ((m.group("a"), m.group("aa")), (m.group("b"), m.group("ba"))):
                out.append(_Party(frozenset({alias.strip().casefold()}), _clean(name.rstrip(", ")), block.location))
    return out


def _signature_parties(ctx: Context) -> list[_Party]:
    start = ctx.signature_index
    if start is None:
        return []
    blocks = [b for b in ctx.result.blocks if b.index >= start and b.part in TEXT_PARTS]
    out: list[_Party] = []
    for i, block in enumerate(blocks):
        cells = list(block.cells) if block.cells else [block.text]
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        for col, cell in enumerate(cells):
            labels: set[str] = set()
            names: list[str] = []
            for piece in _PIECES.split(cell):
                m = _SIGN_LABEL.match(piece)
                if m is None:
                    continue
                label = m.group("label").casefold()
                labels.add(label)
                labels.add(_ALIASES.get(label, label))
                name = _clean(_NEXT_LABEL.sub("", m.group("name")))
                if name and not re.fullmatch(r"[_\s]*", name):
                    names.append(name)
            if not labels:
                continue
            if not names and nxt is not None and nxt.cells and block.cells and col < len(nxt.cells):
                below = nxt.cells[col]
                if not any(_SIGN_LABEL.match(p) for p in below.split("\n")) and not re.search(r"[:：]\s*$", below):
                    names = [n.strip() for n in below.split("\n") if n.strip()]
            out.extend(_Party(frozenset(labels), n, block.location) for n in names)
    return out


def check_party_names(ctx: Context) -> list[Finding]:
    """A party named one way in the preamble (甲方：X / Party A: X / "between X and Y") and another
    in the signature block (甲方（盖章）：Y, or the name under it): a legal blocker.

    Only parties whose label (甲方, Party A, or the defined name "Client") appears in both places
    are compared; a blank name in the signature block is normal and not a finding.
    """
    preamble = _preamble_parties(ctx)
    out: list[Finding] = []
    reported: set[str] = set()
    for sig in _signature_parties(ctx):
        same = [p for p in preamble if p.labels & sig.labels]
        if not same:
            continue
        if any(_norm(p.name) and (_norm(p.name) in _norm(sig.name) or _norm(sig.name) in _norm(p.name))
               for p in same):
            continue
        label = sorted(sig.labels)[0]
        if label in reported:
            continue
        cjk = bool(re.search(r"[\u4e00-\u9fff]", sig.name))
        first = next((p for p in same if bool(re.search(r"[\u4e00-\u9fff]", p.name)) == cjk), same[0])
        reported.add(label)
        out.append(finding(
            "party_name_mismatch", Severity.blocker, Role.legal,
            f"当事人名称不一致：首部为“{first.name}”，签署栏为“{sig.name}”。",
            f"party name differs: {first.name!r} in the preamble, {sig.name!r} in the signature block.",
            location=sig.location, evidence=f"{first.location}: {clip(first.name, 100)}\n"
                                            f"{sig.location}: {clip(sig.name, 100)}",
            category="parties",
        ))
    return out
