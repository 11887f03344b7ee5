"""A contract that disagrees with itself: one duty given two periods, an NDA ending before its main contract."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from clause_library.models import DocumentKind, Role, Severity

from .check_base import Context, clip, finding, numeral
from .document import Block
from .findings import Finding
from .linear import compile_linear

__all__ = ["check_nda_term", "check_periods"]

# - ``period_conflict`` (warning): one duty given two different periods in two places — reporting
#   a security incident, rectifying a defect, keeping records while deleting every copy.
# - ``nda_term_short`` (warning): an NDA naming its main contract, whose own term ends before the
#   main contract's does.

# ---- one duty, two periods ------------------------------------------------------------------------------

_N = r"(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3})"
# "24小时", "十（10）日", and English's "ten (10) business days", whose figure is the one in brackets.
_PERIOD = compile_linear(
    rf"(?:{_N}\s*(?:[（(]\s*\d{{1,3}}\s*[）)]\s*)?|[（(]\s*(?P<bracketed>\d{{1,3}})\s*[）)]\s*)(?P<u>分钟|个?小时|个?工作日|个?自然日|日|天|(?:minutes?|hours?|"
    r"business days?|working days?|calendar days?|days?))", re.IGNORECASE)
_DUTIES = {
    "incident": (compile_linear(r"(?:安全事件|信息事件|泄露|泄漏|数据事件|入侵|网络攻击|incident|breach of security|"
                                r"security breach|data breach|unauthori[sz]ed access)", re.IGNORECASE),
                 compile_linear(r"(?:通知|报告|告知|notif|report|inform)", re.IGNORECASE)),
    # Not a breach's cure period ("cure", 纠正违约行为): contracts give a payment default and other breaches
    # different cure periods on purpose. Rectification (整改) of what an acceptance or an inspection found is one duty.
    "rectification": (compile_linear(r"(?:整改|rectif)", re.IGNORECASE), None),
}
_GRADE = compile_linear(
    r"(?:critical|high|medium|low|major|minor|severity|priority|p[1-4]|s[1-4]|"
    r"一级|二级|三级|四级|重大|较大|一般|严重|紧急)", re.IGNORECASE)
_MODE_PLAN = compile_linear(r"(?:方案|计划|plan)", re.IGNORECASE)
_MODE_FIRST = compile_linear(r"(?:电话|口头|即时|初步|首次|立即|邮件|phone|oral|initial|prelim|immediate|e-?mail)",
                             re.IGNORECASE)
_MODE_WRITTEN = compile_linear(r"(?:书面|详细|正式|完整|调查|written|detailed|full|final|root cause)", re.IGNORECASE)
_UNITS_HOURS = {"分钟": 1 / 60, "minute": 1 / 60, "小时": 1, "hour": 1, "日": 24, "天": 24, "day": 24, "自然日": 24,
                "工作日": 24 * 7 / 5}
_SENTENCE = compile_linear(r"[^。；;\n]+")


def _hours(n: str, unit: str) -> float | None:
    value = numeral(n)
    if value is None:
        return None
    unit = unit.lower().removeprefix("个").rstrip("s")
    for key, hours in _UNITS_HOURS.items():
        if unit.endswith(key) or unit.startswith(key):
            if "business" in unit or "working" in unit or "工作" in unit:
                hours = _UNITS_HOURS["工作日"]
            return value * hours
    return None


@dataclass
class _Said:
    hours: float
    text: str
    block: Block
    mode: str


def check_periods(ctx: Context) -> list[Finding]:
    """One duty (incident reporting, rectification) given different periods; records kept while every copy
    is to be deleted (see the module)."""
    out: list[Finding] = []
    sentences = _Sentences()
    for duty, (cue, verb) in _DUTIES.items():
        said: list[_Said] = []
        # only blocks holding the strings the cue (and the verb) need can hold a sentence both match
        for block in ctx.blocks_for(cue) if verb is None else ctx.blocks_for(cue, verb):
            for sentence in sentences.of(block):
                if not cue.search(sentence) or (verb is not None and not verb.search(sentence)):
                    continue
                periods = [p for p in _PERIOD.finditer(sentence)]
                if len(periods) != 1:
                    continue  # none, or a tiered duty in one sentence ("2小时内电话通知，24小时内书面报告")
                hours = _hours(periods[0].group("n") or periods[0].group("bracketed"), periods[0].group("u"))
                if hours is None:
                    continue
                said.append(_Said(hours, sentence.strip(), block, _mode(sentence, periods[0].start())))
        out.extend(_conflicts(duty, said))
    out.extend(_keep_and_delete(ctx, sentences))
    return out


class _Sentences:
    """Each block's sentences (``_SENTENCE``), split once for all the questions asked of them."""

    def __init__(self) -> None:
        self._split: dict[int, list[str]] = {}

    def of(self, block: Block) -> list[str]:
        got = self._split.get(block.index)
        if got is None:
            got = self._split[block.index] = [s.group(0) for s in _SENTENCE.finditer(block.text)]
        return got


def _part(sentence: str, start: int, end: int) -> str:
    """The part of ``sentence`` between the commas around ``start``..``end``."""
    begin = max(sentence.rfind(c, 0, start) for c in "，,") + 1
    ends = [e for e in (sentence.find(c, end) for c in "，,") if e >= 0]
    return sentence[begin:min(ends, default=len(sentence))]


def _mode(sentence: str, at: int) -> str:
    """Which step of a duty a sentence gives the period of: a plan, a first notice, a written report, or "".
    The words of the period's own part of the sentence (between commas) decide; the whole sentence only when
    they say nothing ("立即采取补救措施，并在2小时内提交书面报告" is a written report)."""
    for text in (_part(sentence, at, at), sentence):
        for mode, rx in (("plan", _MODE_PLAN), ("first", _MODE_FIRST), ("written", _MODE_WRITTEN)):
            if rx.search(text):
                return mode
    return ""


def _conflicts(duty: str, said: list[_Said]) -> list[Finding]:
    for i, a in enumerate(said):
        for b in said[i + 1:]:
            if a.hours == b.hours or a.block.index == b.block.index:
                continue
            if (a.mode and b.mode and a.mode != b.mode) or (a.mode == "plan") != (b.mode == "plan"):
                continue  # a first notice and a written report, a plan and its completion: two steps of one duty
            if _GRADE.search(a.text) or _GRADE.search(b.text):
                continue  # periods by severity (critical / high, 一级 / 二级): one duty per grade
            zh = {"incident": "安全事件报告", "rectification": "整改"}[duty]
            en = {"incident": "incident reporting", "rectification": "rectification"}[duty]
            return [finding(
                "period_conflict", Severity.warning, Role.legal,
                f"同一义务（{zh}）在两处约定了不同期限，请统一。",
                f"the same duty ({en}) has two different periods; make them one.",
                location=a.block.location, evidence=clip(a.text, 150) + "\n" + clip(b.text, 150),
            )]
    return []


_KEEP = compile_linear(r"(?:保留|保存|留存|存档|retain|keep|preserve|archive)", re.IGNORECASE)
# A party keeping its own records (its work orders, its accounts) is not keeping what it must delete.
_OWN_RECORDS = compile_linear(r"(?:自身|自己的|本方的|its own|their own)", re.IGNORECASE)
_KEEP_FOR = compile_linear(rf"{_N}\s*(?:个)?(?:年|月|(?:years?|months?))", re.IGNORECASE)
_DELETE_ALL = compile_linear(
    r"(?:(?:删除|销毁|返还)[^。；;\n]{0,30}(?:全部|所有|一切|任何)[^。；;\n]{0,20}(?:副本|备份|复制件|数据|资料|信息)|"
    r"(?:全部|所有|一切|任何)[^。；;\n]{0,30}(?:副本|备份|复制件)[^。；;\n]{0,20}(?:删除|销毁)|"
    r"(?:delete|destroy|erase)[^.;\n]{0,40}(?:all|any|every)[^.;\n]{0,30}(?:cop(?:y|ies)|backups?|data|records))",
    re.IGNORECASE)
_EXCEPT = compile_linear(
    r"(?:除外|但(?:是)?[^。；;\n]{0,30}(?:法律|法规|监管|另有)|法律(?:法规)?(?:另有)?(?:规定|要求)(?:保留|保存)|"
    r"保存期限未届满|不属于[^。；;\n]{0,12}范围|不在[^。；;\n]{0,12}范围|"
    r"except|unless|save (?:as|for)|other than|required by (?:applicable )?law|subject to|does not apply to|excluded)",
    re.IGNORECASE)
# What is kept and what is deleted, in kinds: a conflict needs the same kind in both.
_OBJECTS = {
    "data": compile_linear(r"(?:数据|资料|信息|data|information)", re.IGNORECASE),
    "records": compile_linear(r"(?:记录|records?)", re.IGNORECASE),
    "logs": compile_linear(r"(?:日志|访问记录|操作记录|审计记录|(?:access|audit|activity) (?:logs?|records?)|logs?)",
                           re.IGNORECASE),
    "documents": compile_linear(r"(?:文件|文档|documents?|files?)", re.IGNORECASE),
}


def _kinds(sentence: str) -> set[str]:
    return {kind for kind, rx in _OBJECTS.items() if rx.search(sentence)}


def _kept(sentence: str) -> set[str]:
    """What a sentence keeps: the kinds named in its part (between commas) that says keep. Logs of access or
    operations are kept as logs only, though they name what was accessed ("个人信息的访问记录保存6个月")."""
    m = _KEEP.search(sentence)
    if m is None:
        return set()
    kinds = _kinds(_part(sentence, m.start(), m.end())) or _kinds(sentence)
    return {"logs"} if "logs" in kinds else kinds


def _keep_and_delete(ctx: Context, sentences: _Sentences) -> list[Finding]:
    # The first sentence that keeps and the first that deletes, each looked for only in the blocks holding what
    # its patterns need.
    keep = next(((block, sentence.strip()) for block in ctx.blocks_for(_KEEP, _KEEP_FOR)
                 for sentence in sentences.of(block)
                 if _KEEP.search(sentence) and _KEEP_FOR.search(sentence) and _kinds(sentence)
                 and not _OWN_RECORDS.search(sentence)), None)
    # an exception anywhere in the article's paragraph counts ("…删除全部副本。…不属于本款删除的范围")
    delete = next(((block, sentence.strip()) for block in ctx.blocks_for(_DELETE_ALL)
                   if not _EXCEPT.search(block.text)
                   for sentence in sentences.of(block) if _DELETE_ALL.search(sentence)), None)
    if keep is None or delete is None or keep[0].index == delete[0].index:
        return []
    if not _kept(keep[1]) & _kinds(delete[1]):
        return []  # logs kept, raw data deleted: not the same thing
    return [finding(
        "period_conflict", Severity.warning, Role.legal,
        "一处约定保留记录或数据一定期限，另一处约定删除全部副本且无例外：请写明保留的范围（例如仅保留乙方自身的工作记录）。",
        "one article keeps records or data for a period, another deletes every copy with no exception: say what "
        "may be kept (e.g. only the vendor's own work records).",
        location=keep[0].location, evidence=clip(keep[1], 150) + "\n" + clip(delete[1], 150),
    )]


# ---- an NDA ending before its main contract ------------------------------------------------------------

_MAIN = compile_linear(
    r"(?:主合同|原合同|服务合同|外包合同|框架(?:合同|协议)|main (?:contract|agreement)|master (?:services )?agreement|"
    r"services agreement|service contract|principal agreement|underlying agreement)", re.IGNORECASE)
_D = (r"(?P<y>\d{4})\s*(?:年|[-/.])\s*(?P<m>\d{1,2})\s*(?:月|[-/.])\s*(?P<d>\d{1,2})\s*日?"
      r"|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon>[A-Z][a-z]+),?\s+(?P<y2>\d{4})"
      r"|(?P<mon3>[A-Z][a-z]+)\s+(?P<d3>\d{1,2})(?:st|nd|rd|th)?,\s*(?P<y3>\d{4})")
_DATE = compile_linear(_D)
_YEARS = compile_linear(
    rf"(?:有效期|期限|保密期)[^。；;\n]{{0,12}}?(?:为|是)?\s*{_N}\s*(?:个)?(?P<u>年|月)"
    r"|(?:(?:valid|in (?:full )?force|in effect|term)[^.;\n]{0,30}?(?:for|of)\s+(?:a (?:period|term) of\s+)?"
    r"(?P<en>\d{1,2}|one|two|three|four|five|six|twelve|eighteen|twenty-four)\s*(?:\(\d{1,2}\)\s*)?(?P<eu>years?|months?))",
    re.IGNORECASE)
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "twelve": 12, "eighteen": 18,
          "twenty-four": 24}
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")


def _date(m: Any) -> dt.date | None:
    try:
        if m.group("y"):
            return dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        mon = (m.group("mon") or m.group("mon3") or "").lower()
        if mon not in _MONTHS:
            return None
        day, year = (m.group("d2"), m.group("y2")) if m.group("mon") else (m.group("d3"), m.group("y3"))
        return dt.date(int(year), _MONTHS.index(mon) + 1, int(day))
    except ValueError:
        return None


def _add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    try:
        return day.replace(year=day.year + y, month=m + 1)
    except ValueError:
        return day.replace(year=day.year + y, month=m + 1, day=28)


def check_nda_term(ctx: Context) -> list[Finding]:
    """An NDA that names its main contract and ends before it (see the module)."""
    if ctx.kind is not DocumentKind.nda:
        return []
    main_end: tuple[dt.date, Block] | None = None
    own: tuple[dt.date | None, int, Block] | None = None  # (start if the sentence gives one, months, where)
    first_date: dt.date | None = None
    for block in ctx.blocks():
        for s in _SENTENCE.finditer(block.text):
            sentence = s.group(0)
            dates = [d for d in map(_date, _DATE.finditer(sentence)) if d]
            if dates and first_date is None:
                first_date = dates[0]
            if _MAIN.search(sentence):
                if len(dates) >= 2 and main_end is None:
                    main_end = (max(dates), block)
                continue
            years = _YEARS.search(sentence)
            if years and own is None:
                n = years.group("n") or years.group("en") or ""
                count = _WORDS.get(n.lower()) or numeral(n)
                unit = (years.group("u") or years.group("eu") or "").lower()
                if count:
                    own = (dates[0] if dates else None, count * (1 if unit.startswith(("月", "month")) else 12), block)
    if main_end is None or own is None:
        return []
    start, months, where = own
    start = start or first_date
    if start is None:
        return []
    end = _add_months(start, months)
    if end >= main_end[0]:
        return []
    return [finding(
        "nda_term_short", Severity.warning, Role.legal,
        f"保密协议的期限（至{end.isoformat()}）早于所涉主合同的期限（至{main_end[0].isoformat()}）结束："
        "主合同履行期间的信息将失去保护。",
        f"the NDA's term (to {end.isoformat()}) ends before its main contract's (to {main_end[0].isoformat()}): "
        "information exchanged later under the main contract is not covered.",
        location=where.location, evidence=clip(where.text, 150) + "\n" + clip(main_end[1].text, 150),
        category="confidentiality_term",
    )]
