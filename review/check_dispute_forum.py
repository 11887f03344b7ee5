"""A dispute clause that lets a party choose arbitration or a lawsuit (或裁或审): the arbitration agreement is void.

Under PRC law an arbitration agreement needs a clear choice of arbitration: where the parties agree that a
dispute "may be submitted to arbitration or brought before a people's court", the arbitration agreement is
invalid (最高人民法院关于适用《中华人民共和国仲裁法》若干问题的解释 第七条), and the dispute ends in court
unless the other side fails to object before the first hearing. What is not such a choice: a court named
only for interim measures (保全), enforcement, or setting an award aside; a court after a labour arbitration,
which is the statutory path; the costs, the service address or the damages adjustment "in arbitration or
litigation"; a choice between the two already made (one box ticked).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from clause_library.models import Role, Severity

from .check_base import Context, check, clip, finding
from .document import Block
from .findings import Finding
from .linear import compile_linear

__all__ = ["check_arbitration_or_litigation"]

_STOP = r"[^。；;\n]"  # within one sentence (or one numbered item): a full stop, semicolon or line ends it
# A party taking the dispute to arbitration, and one taking it to court on the merits (not for 保全 or 执行).
_ARBITRATE = compile_linear(rf"(?:申请|提请|提交|提起|诉诸|交由|交付|通过|采用|选择){_STOP}{{0,40}}?仲裁")
_SUE = compile_linear(rf"起诉|提起诉讼|提出诉讼|诉讼(?:方式|途径|程序)?{_STOP}{{0,4}}解决|通过诉讼|以诉讼|诉诸法院")
# The two routes named side by side as alternatives: "提交仲裁或诉讼解决", "仲裁委员会或者…人民法院",
# "在仲裁与诉讼中择一"; a route is said with a verb of taking it before, or a way of resolving after.
_SIDE_BY_SIDE = compile_linear(
    r"仲裁(?:委员会|院|中心|机构)?\s*[，,、]?\s*(?:或者|或是|或|/|和/或|与|和)\s*(?:向|由)?[^。；;\n]{0,30}?"
    r"(?:诉讼|法院)(.{0,4})"
)
_TAKE = ("提交", "提请", "提起", "通过", "采用", "选择", "申请", "诉诸")  # verbs of taking a route, just before it
_ROUTE_AFTER = ("方式", "途径", "解决", "处理", "管辖", "中择", "中选", "之间", "择一", "任选", "二选一")
_CHOOSE = ("择一", "选择", "任选", "之一", "任一", "二选一")
# What lies between the two routes when one is offered instead of the other
_EITHER = ("或者", "或是", "或", "也可以", "也可", "亦可", "亦得", "抑或", "另行", "选择", "任何一方", "任一方")
# A lead offering a list of ways: "按下列第____种方式解决", "可采取以下任一方式", "以下…之一"
_LIST_LEAD = compile_linear(r"(?:下列|以下|如下)[^。；;\n]{0,12}?(?:方式|途径|机构)|第\s*[_＿\s]*种|任一|之一|择一")
# The blank of such a list filled with exactly one option ("第（一）种", "第 2 种"): the choice is made (not
# "第（1）或第（2）种", which offers both)
_ONE_OPTION = compile_linear(r"第\s*[（(]?\s*[一二三1-3１-３]\s*[）)]?\s*种")
# What makes the court route something else: after the award, a labour arbitration, interim relief
_AFTER_AWARD = ("不服", "裁决作出后", "裁决后", "撤销", "不予执行", "执行", "保全", "劳动争议", "劳动仲裁", "仲裁前置")
# In the sentence of the two routes, what makes it about something else than where disputes go: the costs of a
# proceeding ("仲裁费或诉讼费", "通过仲裁或诉讼途径主张权利的…费用") or interim measures before or during one
_NOT_A_FORUM = ("费", "保全")
_WHILE = ("之前", "之后", "前", "后", "过程", "期间", "程序", "中")  # "在提起诉讼或申请仲裁之前或者过程中"
_TICKED = "☑☒■√✓✔"
_BOX = "□☐"
_MAX_WINDOW = 600  # characters: the article's paragraph and the numbered items that follow it

_EN = compile_linear(
    r"arbitrat\w*[^.;]{0,200}?\sor\s[^.;]{0,80}?(?:bring|commence|file|institute|initiate|submit)[^.;]{0,60}?"
    r"(?:proceeding|action|lawsuit|suit|litigation|claim)|either\s+(?:to\s+)?arbitration\s+or\s+(?:to\s+)?"
    r"(?:litigation|(?:the\s+)?court)"
    r"|arbitrat\w*[^;]{0,300}?alternatively[^.;]{0,100}?(?:bring|commence|file|institute|initiate)[^.;]{0,80}?"
    r"(?:proceeding|action|lawsuit|suit)",
    re.IGNORECASE,
)
_PRC_COURT = ("people's court", "people’s court", "prc court", "chinese court", "courts of china", "courts of the prc")
_EN_NOT = ("interim", "injunct", "enforce", "set aside", "costs", "fees")


def _windows(ctx: Context) -> Iterator[tuple[Block, str]]:
    """Each body paragraph that speaks of arbitration, with the paragraph of the same article before it and those
    after it (up to ``_MAX_WINDOW`` characters): a clause may offer arbitration in 18.1 and the court in 18.2, or
    list the ways as numbered items under a lead ("按下列第____种方式解决：")."""
    blocks = list(ctx.blocks())
    position = {b.index: i for i, b in enumerate(blocks)}
    for b in ctx.blocks_having(("仲裁", "arbitra")):
        if ctx.in_signature_block(b):
            continue
        at, clause = position[b.index], ctx.clause_name(b)
        before = blocks[at - 1] if at and ctx.clause_name(blocks[at - 1]) == clause else None
        text = (before.text + "\n" if before is not None and len(before.text) < _MAX_WINDOW // 2 else "") + b.text
        for nxt in blocks[at + 1:]:
            if len(text) + len(nxt.text) > _MAX_WINDOW or ctx.clause_name(nxt) != clause:
                break
            text += "\n" + nxt.text
        yield b, text


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` around ``start``:``end`` (full stops, semicolons and line breaks end one)."""
    left = max(text.rfind(c, 0, start) for c in "。；;\n") + 1
    rights = [i for i in (text.find(c, end) for c in "。；;\n") if i >= 0]
    return text[left:min(rights, default=len(text))]


def _condition(text: str, end: int) -> bool:
    """Whether the routes end a condition ("…提起诉讼或者申请仲裁的，"): proceedings as a fact another rule turns on,
    not an agreement on where disputes go."""
    return text[end:end + 2].startswith("的")


def _side_by_side(text: str) -> bool:
    for m in _SIDE_BY_SIDE.finditer(text):
        sentence, after = _sentence(text, m.start(), m.end()), m.group(1)
        if (any(w in sentence for w in _NOT_A_FORUM) or any(w in m.group(0) for w in _AFTER_AWARD)
                or _condition(text, m.end() - len(after))):
            continue
        taken = any(v in text[max(0, m.start() - 8):m.start()] for v in _TAKE)
        court = "法院" in m.group(0) and (taken or any(w in sentence for w in _CHOOSE))
        if after.startswith(_ROUTE_AFTER) or court or (taken and after[:1] in "，,。；;"):
            return True
    return False


def _routes(text: str) -> bool:
    """Arbitration and a lawsuit on the merits both offered, with a word of choice between them or a list lead."""
    arbitrate, sue = _ARBITRATE.search(text), _SUE.search(text)
    if arbitrate is None or sue is None:
        return False
    if any(w in text[max(0, sue.start() - 40):sue.end()] for w in _AFTER_AWARD):
        return False
    arb = (arbitrate.end() - 2, arbitrate.end())  # the word 仲裁 itself: the verb before it may be 提起 of 提起诉讼
    (_, first_end), (second_start, _) = sorted((arb, (sue.start(), sue.end())))
    between, end = text[first_end:second_start], max(arb[1], sue.end())
    if len(between) > 160 or _condition(text, end) or text[end:end + 6].startswith(_WHILE):
        return False
    if any(w in _sentence(text, min(arb[0], sue.start()), end) for w in _NOT_A_FORUM):
        return False
    if any(w in between for w in _EITHER):
        return True
    lead = _LIST_LEAD.search(text[:min(arb[0], sue.start())])
    return lead is not None


def _undecided(text: str) -> bool:
    """False where the parties made their choice: one box ticked, or the list's blank filled with one option."""
    ticked = sum(text.count(c) for c in _TICKED)
    if ticked == 1 and any(c in text for c in _BOX):
        return False
    return not any("或" not in text[max(0, m.start() - 6):m.start()] for m in _ONE_OPTION.finditer(text))


def _offers_both(text: str) -> bool:
    """Whether ``text`` offers arbitration and a lawsuit on the merits as alternatives (Chinese)."""
    return (_side_by_side(text) or _routes(text)) and _undecided(text)


def _offers_both_en(text: str) -> bool:
    lower = text.lower()
    if not any(c in lower for c in _PRC_COURT):
        return False
    m = _EN.search(text)
    return m is not None and not any(w in m.group(0).lower() for w in _EN_NOT)


@check
def check_arbitration_or_litigation(ctx: Context) -> list[Finding]:
    """A dispute clause offering arbitration or a lawsuit for the same dispute: a legal warning, once per clause."""
    out: list[Finding] = []
    seen: set[str] = set()
    for block, text in _windows(ctx):
        if not (_offers_both(text) or _offers_both_en(text)):
            continue
        clause = ctx.clause_name(block) or block.location
        if clause in seen:
            continue
        seen.add(clause)
        out.append(finding(
            "arbitration_or_litigation", Severity.warning, Role.legal,
            "争议解决条款约定既可以申请仲裁、也可以向人民法院起诉（或裁或审）：依照《最高人民法院关于适用〈中华人民共和国"
            "仲裁法〉若干问题的解释》第七条，该仲裁协议无效。请只保留仲裁或者诉讼其中一种方式。",
            "the dispute clause lets a party choose arbitration or a lawsuit in the people's court for the same "
            "dispute: under art. 7 of the Supreme People's Court's interpretation of the Arbitration Law such an "
            "arbitration agreement is void. Keep one of the two.",
            location=block.location, evidence=clip(text), category="dispute_resolution",
        ))
    return out
