"""Checks on the words: Unified Social Credit Codes, party names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from clause_library.identifiers import uscc_problem
from clause_library.models import Role, Severity

from .check_base import CJK, TEXT_PARTS, Context, around, clip, finding
from .document import Part
from .findings import Finding
from .linear import compile_linear

__all__ = ["check_party_names", "check_uscc"]


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
                location=block.location, evidence=around(block.text, m),
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
        cjk = bool(CJK.search(sig.name))
        first = next((p for p in same if bool(CJK.search(p.name)) == cjk), same[0])
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
