"""References to schedules the document does not have, or that do not list what they cite."""

from __future__ import annotations

import re

from clause_library.models import Role, Severity

from .check_base import ZH_NUMERALS, Context, clip, finding, numeral
from .citation import ZH_OBJECTS, in_quotation
from .document import Block
from .findings import Finding
from .linear import compile_linear

__all__ = ["SCHEDULE_HEAD", "schedule_findings"]

# A reference to 附件 / Schedule / Annex / Exhibit / Appendix needs the document to head that schedule; a Chinese
# reference naming what the schedule lists ("附件一《付款计划》所列的计费标准") needs the schedule to speak of it.
# ``check_references`` reports these with the references to articles, as ``dangling_reference`` warnings.

SCHEDULE_HEAD = compile_linear(
    rf"^\s*(?:(?P<zh>附件|附表|附录)\s*(?P<zn>[{ZH_NUMERALS}\d]+)|(?P<en>(?:schedule|annex|exhibit|appendix|attachment))"
    r"\s+(?P<en_n>[A-Z]|\d+|[IVX]+)(?:\s|$|[:：.．-]))", re.IGNORECASE)
_SCHEDULE_REF = compile_linear(
    rf"(?P<zh>附件|附表|附录)\s*(?P<zn>[{ZH_NUMERALS}\d]+)|(?P<en>Schedule|Annex|Exhibit|Appendix|Attachment)"
    r"\s+(?P<en_n>[A-Z]|\d+|[IVX]+)(?:[\s,.;:)]|$)"
)


# In a heading, in any case ("EXHIBIT A - FEES").
_SCHEDULE_NAMED = compile_linear(
    rf"(?P<zh>附件|附表|附录)\s*(?P<zn>[{ZH_NUMERALS}\d]+)|(?P<en>(?:schedule|annex|exhibit|appendix|attachment))"
    r"\s+(?P<en_n>[A-Z]|\d+|[IVX]+)(?:[\s,.;:)-]|$)", re.IGNORECASE)


def _schedule_key(m: re.Match[str]) -> str | None:
    """The schedule a heading or reference names, one key for each way of writing it ("附2", "schedule B")."""
    if m.group("zh"):
        n = numeral(m.group("zn"))
        return None if n is None else f"附{n}"
    return f"{m.group('en').lower()} {m.group('en_n').upper()}"


# What a Chinese reference says a schedule lists ("附件一《付款计划》所列的计费标准"): money, rates and measures, the
# things a reader turns to a schedule for and a schedule names in those words. English references are not read
# this way: English drafting names a schedule's content in other words ("the performance standards set out in
# Schedule 2" heads a schedule "SERVICE LEVELS"), so a missing word proves nothing there.
_ZH_SCHEDULE_OBJECTS = (*ZH_OBJECTS, "计费标准", "收费标准", "单价", "费率", "价格", "指标", "权重", "金额",
                        "付款条件", "付款节点", "里程碑", "交付物", "交付成果")
_ZH_SCHEDULE_WHAT = compile_linear(r"^\s*(?:《[^》\n]{1,30}》)?\s*(?:中|项下)?(?:所列|载明|列明|所载|规定|约定|确定)的")


def schedule_findings(ctx: Context) -> list[Finding]:
    """Schedules referred to but never headed (one finding naming them all), and up to three Chinese references
    naming what a schedule lists where the schedule does not speak of it."""
    blocks = list(ctx.blocks())
    heads: set[str] = set()
    starts: dict[str, int] = {}  # a schedule's heading → where its text starts (the last heading: a list of
    for k, block in enumerate(blocks):  # the annexes in the closing clause comes before the annexes themselves)
        # A schedule's heading line, in one language or two ("附件一 付款计划 / Schedule 1 Payment Schedule").
        if len(block.text.strip()) <= 80 and SCHEDULE_HEAD.search(block.text):
            for name in filter(None, map(_schedule_key, _SCHEDULE_NAMED.finditer(block.text))):
                heads.add(name)
                starts[name] = k
    missing: dict[str, tuple[Block, str]] = {}
    silent: dict[tuple[str, str], tuple[Block, str]] = {}
    for block in ctx.blocks_for(_SCHEDULE_REF):
        quoted = in_quotation(ctx, block.text)
        for m in _SCHEDULE_REF.finditer(block.text):
            key = _schedule_key(m)
            if key is None or quoted(m.start()):
                continue
            if block.text[m.end() - 1:m.end() + 1][:1] == "." and block.text[m.end():m.end() + 1].isdigit():
                continue  # "Exhibit 10.1": a filing's exhibit number, not one of the document's schedules
            if len(block.text.strip()) <= 80 and m.start() == len(block.text) - len(block.text.lstrip()):
                continue  # a heading of its own
            if key not in heads:
                missing.setdefault(key, (block, m.group(0).strip(" ,.;:)")))
                continue
            topic = _schedule_topic(block.text, m)
            if topic and (key, topic) not in silent and not _schedule_says(blocks, starts, key, topic):
                silent[(key, topic)] = (block, m.group(0).strip(" ,.;:)"))
    out = []
    if missing:
        first, _ = next(iter(missing.values()))
        names = "、".join(ref for _, ref in missing.values())
        out.append(finding(
            "dangling_reference", Severity.warning, Role.legal,
            f"引用的附件在文件中不存在：{names}（请附上或删除引用）",
            f"schedule(s) referred to but not in the document: {', '.join(r for _, r in missing.values())} "
            "(attach them or remove the references)",
            location=first.location, evidence="\n".join(clip(b.text, 120) for b, _ in list(missing.values())[:3]),
        ))
    for (_, topic), (block, ref) in list(silent.items())[:3]:
        out.append(finding(
            "dangling_reference", Severity.warning, Role.legal,
            f"引用的附件未载明所指内容：“{ref}”所列的“{topic}”在该附件中找不到",
            f"the schedule referred to does not contain what is referred to: {topic!r} in {ref}",
            location=block.location, evidence=clip(block.text),
        ))
    return out


def _schedule_topic(text: str, m: re.Match[str]) -> str:
    """What the Chinese reference at ``m`` says the schedule lists, when it is one of ``_ZH_SCHEDULE_OBJECTS``:
    "附件一《付款计划》所列的计费标准" → "计费标准"; else ""."""
    if not m.group("zh"):
        return ""
    after = text[m.end():m.end() + 60]
    w = _ZH_SCHEDULE_WHAT.search(after)
    if not w:
        return ""
    return max((o for o in _ZH_SCHEDULE_OBJECTS if after[w.end():].startswith(o)), key=len, default="")


def _schedule_says(blocks: list[Block], starts: dict[str, int], key: str, topic: str) -> bool:
    """Whether the schedule ``key`` (from its heading to the next schedule's heading) speaks of ``topic``."""
    start = starts[key]
    ends = [k for k in starts.values() if k > start]
    body = [b.text for b in blocks[start:min(ends, default=len(blocks))]]
    if not body[1:]:
        return True  # only a heading: its text is not in this file ("附件二另行签署"), so nothing is known
    return topic in "\n".join(body)

