"""A contract that disagrees with itself: schedule rows, blank fields, periods, notices and an NDA's term.

- ``schedule_row_incomplete`` (finance blocker): a row of a payment schedule (a table, or lines
  separated by ``|`` or tabs, under payment words) whose amount, trigger or due date is empty.
- ``blank_field`` (warning): a field line for data a party must give (bank, account, address,
  phone, contact, e-mail, credit code) with nothing after its label but punctuation or a blank —
  "开户银行及账号：，", "bank and account number: ,", "Address: ____".
- ``period_conflict`` (warning): one duty given two different periods in two places — reporting
  a security incident, rectifying a defect, keeping records while deleting every copy.
- ``no_special_notice`` (warning): a contract that calls itself a standard form (格式条款, 格式合同,
  "standard form", "standard terms") and limits a party's liability, without a notice drawing
  attention to those terms (特别提示 / 重要提示 / "IMPORTANT NOTICE"; 民法典 art. 496).
- ``nda_term_short`` (warning): an NDA naming its main contract, whose own term ends before the
  main contract's does.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from typing import Any

from clause_library.models import DocumentKind, Role, Severity

from .check_base import Context, clip, finding
from .check_references import numeral
from .document import Block, Part
from .findings import Finding
from .linear import compile_linear

__all__ = [
    "check_blank_fields",
    "check_nda_term",
    "check_periods",
    "check_schedule_rows",
    "check_special_notice",
]

# ---- payment schedule rows -------------------------------------------------------------------------

_PAY_WORDS = compile_linear(r"(?:付款|支付|价款|款项|分期|payment|instal+ment|milestone|invoice)", re.IGNORECASE)
_COL_AMOUNT = compile_linear(r"(?:金额|款项|比例|百分比|amount|sum|fee|percent|%|share)", re.IGNORECASE)
_COL_TRIGGER = compile_linear(r"(?:条件|节点|触发|里程碑|事件|依据|前提|trigger|condition|milestone|event|upon|basis)",
                              re.IGNORECASE)
_COL_DUE = compile_linear(r"(?:时间|日期|期限|时限|付款日|due|date|when|timing|deadline|payable)", re.IGNORECASE)
_EMPTY = compile_linear(r"^[\s\-—–_/／、，,.;；:：*×x]*$|^(?:待定|待确定|tbd|tba|n/?a|none|无)$", re.IGNORECASE)
_TOTAL = compile_linear(r"^\s*(?:合计|总计|总额|小计|共计|total|sum)", re.IGNORECASE)


@dataclass
class _Rows:
    header: list[str]
    rows: list[tuple[Block, list[str]]]
    caption: str


def _split(text: str) -> list[str] | None:
    """Cells of a text line laid out as a table row (``|`` or tab separated), else ``None``."""
    if text.count("|") >= 2:
        line = text.strip()
        line = line[1:] if line.startswith("|") else line
        line = line[:-1] if line.endswith("|") and line.count("|") > 2 else line
        cells = [c.strip() for c in line.split("|")]
    elif text.count("\t") >= 2:
        cells = [c.strip() for c in text.split("\t")]
    else:
        return None
    return cells if len(cells) >= 3 else None


def _schedules(ctx: Context) -> list[_Rows]:
    out: list[_Rows] = []
    caption = ""
    current: _Rows | None = None
    key: str | None = None
    for block in ctx.blocks():
        k: str | None
        if block.part is Part.table and block.cells:
            k = block.location.split(" row")[0]
            cells = [c.strip() for c in block.cells]
        else:
            split = _split(block.text)
            k, cells = ("text", split) if split else (None, [])
        if k is not None and current is not None and k == key and 2 <= len(cells) <= len(current.header):
            # a row that stops early leaves its last cells empty ("… | 考核合格 |" under five headings)
            current.rows.append((block, cells + [""] * (len(current.header) - len(cells))))
            continue
        if current is not None:
            out.append(current)
            current = None
        if k is not None:
            current, key = _Rows(cells, [], caption), k
        else:
            caption, key = block.text, None
    if current is not None:
        out.append(current)
    return out


# An instalment written as a line of a list, not a table row: "第二期（进度款）：…", "(c) Instalment 3 - 30% …".
_INSTALMENT = compile_linear(
    r"^\s*(?:[（(]?[a-z\d一二三四五六七八九十]{1,3}[)）.．、]\s*)?(?:第\s*[一二三四五六七八九十\d]{1,3}\s*期|首期|尾期|"
    r"(?:instal+ment|milestone payment|payment)\s+(?:no\.\s*)?\d{1,2}(?:\D|$)|(?:first|second|third|fourth|fifth|final)"
    r"\s+(?:instal+ment|payment))", re.IGNORECASE)
_ROW_AMOUNT = compile_linear(r"(?:人民币|RMB|CNY|USD|US\$|\$|¥|￥|\d\s*元|\d\s*%|\d\s*percent|百分之)", re.IGNORECASE)
_ROW_DUE = compile_linear(
    r"(?:\d{1,3}|[一二两三四五六七八九十]{1,3})\s*(?:个)?(?:工作日|自然日|日|天)内|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:前|之前)|"
    r"within\s+[\w\s()-]{1,30}?days|(?:due|payable)\s+(?:on|by|within|no later than)|no later than\s", re.IGNORECASE)


def _instalment_lists(ctx: Context) -> list[Finding]:
    """Instalments listed line by line where the others say how much and by when and one does not."""
    lists: list[list[Block]] = []
    for block in ctx.blocks():
        if _INSTALMENT.search(block.text) and len(block.text) <= 600:
            if lists and lists[-1][-1].index == block.index - 1:
                lists[-1].append(block)
            else:
                lists.append([block])
    out: list[Finding] = []
    for rows in lists:
        if len(rows) < 3:
            continue
        for what, rx in (("amount", _ROW_AMOUNT), ("due date", _ROW_DUE)):
            having = [b for b in rows if rx.search(b.text)]
            if len(having) >= 2 and len(having) == len(rows) - 1:
                block = next(b for b in rows if b not in having)
                zh = {"amount": "金额", "due date": "付款时间"}[what]
                out.append(finding(
                    "schedule_row_incomplete", Severity.blocker, Role.finance,
                    f"付款安排中的一期缺少{zh}（其他各期均有）：该期无法确定何时、按何条件支付多少。",
                    f"one instalment has no {what}, although the others have: when, on what condition and how much "
                    "is paid cannot be told.",
                    location=block.location, evidence=clip(block.text), category="payment",
                ))
    return out


def check_schedule_rows(ctx: Context) -> list[Finding]:
    """Payment-schedule rows without an amount, a trigger or a due date (see the module)."""
    out: list[Finding] = _instalment_lists(ctx)
    for table in _schedules(ctx):
        head = " ".join(table.header)
        if not table.rows or not (_PAY_WORDS.search(head) or _PAY_WORDS.search(table.caption[-200:])):
            continue
        amount = [i for i, h in enumerate(table.header) if _COL_AMOUNT.search(h)]
        trigger = [i for i, h in enumerate(table.header) if _COL_TRIGGER.search(h) and i not in amount]
        due = [i for i, h in enumerate(table.header) if _COL_DUE.search(h) and i not in amount and i not in trigger]
        if not amount or not (trigger or due):
            continue
        for block, cells in table.rows:
            if _TOTAL.search(cells[0] if cells else "") or all(_EMPTY.search(c) for c in cells):
                continue
            missing = [what for what, cols in (("amount", amount), ("trigger", trigger), ("due date", due))
                       if cols and all(_EMPTY.search(cells[i]) for i in cols)]
            if missing:
                zh = "、".join({"amount": "金额", "trigger": "付款条件", "due date": "付款时间"}[m] for m in missing)
                out.append(finding(
                    "schedule_row_incomplete", Severity.blocker, Role.finance,
                    f"付款计划中的一期缺少{zh}：该期无法确定何时、按何条件支付多少。",
                    f"a payment-schedule row has no {', '.join(missing)}: when, on what condition and how much "
                    "is paid cannot be told.",
                    location=block.location, evidence=clip(" | ".join(table.header) + "\n" + " | ".join(cells)),
                    category="payment",
                ))
    return out


# ---- blank field lines ------------------------------------------------------------------------------

_FIELD = compile_linear(
    r"(?P<label>开户(?:银行|行)(?:及账号|及帐号|名称)?|银行账号|银行帐号|账号|帐号|户名|账户名称|收款账户|开户名称|"
    r"(?:注册|通讯|联系|送达)?地址|住所|联系电话|电话|传真|联系人|电子邮箱|邮箱|统一社会信用代码|"
    r"(?:bank(?: name)?(?: and account(?: number| no\.?)?)?|account (?:number|no\.?|name)|(?:registered |business |"
    r"notice )?address|tel(?:ephone)?|phone|fax|contact(?: person)?|e-?mail|unified social credit code))"
    r"\s*(?:[（(][^）)\n]{0,12}[）)])?\s*[:：]", re.IGNORECASE)
# What may stand before a field's label on its line: a list mark and whose field it is ("（四）", "乙方", "Client's").
_LABEL_HEAD = compile_linear(r"^[^，。；,;：:]{0,16}$")
# Labels of a group of fields given on the lines that follow.
_GROUP = compile_linear(
    r"(?:收款账户|账户信息|银行信息|联系方式|bank details|account details|payment details|contact details)",
    re.IGNORECASE)
_BLANK_VALUE = compile_linear(r"^[\s,，;；、.。/／]*$|^\s*[_＿]{2,}[\s_＿,，.。;；]*$")


def check_blank_fields(ctx: Context) -> list[Finding]:
    """Field lines for a party's data left blank or with only punctuation (see the module)."""
    out: list[Finding] = []
    following = {b.index: n for b, n in itertools.pairwise(ctx.blocks())}
    for block in ctx.blocks_having((":", "：")):
        text = block.text
        matches = list(_FIELD.finditer(text))
        for k, m in enumerate(matches):
            line_start = max(text.rfind("\n", 0, m.start()), text.rfind("|", 0, m.start()),
                             text.rfind("\t", 0, m.start())) + 1
            if not _LABEL_HEAD.search(text[line_start:m.start()]):
                continue  # "…发送至下列地址：": a sentence introducing a list, not a field line
            end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
            value = text[m.end():end]
            line_end = value.find("\n")
            value = value if line_end < 0 else value[:line_end]
            if not _BLANK_VALUE.search(value):
                continue
            if not value.strip() and k + 1 < len(matches) and "\n" not in text[m.end():end]:
                continue  # "户名：账号：" in one run is two labels of a form laid out in a table; judged by cells
            if not value.strip() and _is_form_cell(block):
                continue
            nxt = following.get(block.index)
            if not value and end == len(text) and nxt is not None and _GROUP.search(m.group("label")) \
                    and _FIELD.search(nxt.text[:30]):
                continue  # "乙方收款账户：" heading the lines that give it: 户名：…, 开户银行：…
            out.append(finding(
                "blank_field", Severity.warning, Role.legal,
                f"字段未填写：“{m.group(0).strip()}{value.strip()}”（请填写，或删除该行）",
                f"field left blank: {(m.group(0) + value).strip()!r} (fill it in, or remove the line)",
                location=block.location, evidence=clip(text),
            ))
            if len(out) >= 10:
                return out
    return out


def _is_form_cell(block: Block) -> bool:
    """A table cell holding only a label: the value is in the next cell (not read as part of this text)."""
    return block.part is Part.table and any(not c.strip() for c in block.cells) is False and len(block.cells) > 1


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


# ---- standard terms without a notice -----------------------------------------------------------------

# A contract that says it is prepared in advance for repeated use (民法典 art. 496), in its own words.
_STANDARD_FORM = compile_linear(
    r"(?:格式条款|格式合同|格式文本|标准(?:合同)?文本|(?:重复|反复)使用|预先拟定|未(?:与[^。；;\n]{0,6})?(?:协商|磋商)|"
    r"for repeated use|prepared in advance|without (?:individual )?negotiation|not (?:individually )?negotiated|"
    r"standard[- ]form (?:contract|agreement|terms|conditions)|(?:this|the) (?:agreement|contract) is [^.;\n]{0,40}"
    r"standard[- ]form|(?:our|its|the (?:company|client|supplier|vendor|customer)'s) standard "
    r"(?:terms|conditions|contract))", re.IGNORECASE)
_LIMITS = compile_linear(
    r"(?:不承担|免除|免责|不负责|责任(?:总额|上限)|累计(?:总额)?不(?:超过|得超过)|以[^。；;\n]{0,20}为限|"
    r"不享有|放弃|最终(?:结果|决定)|in no event|shall not be liable|no liability|exclud[a-z]* liability|"
    r"liability[^.;\n]{0,60}(?:shall not exceed|limited to|capped)|waive)", re.IGNORECASE)
_NOTICE = compile_linear(
    r"(?:特别提示|重要提示|特别提醒|提请[^。；;\n]{0,10}注意|请[^。；;\n]{0,6}(?:仔细|认真)阅读|加粗|黑体|下划线|"
    r"important notice|important:|please read|read carefully|drawn? (?:to )?(?:the |your )?attention|"
    r"conspicuous|bold(?:ed)? (?:type|text))", re.IGNORECASE)


def check_special_notice(ctx: Context) -> list[Finding]:
    """A self-declared standard form with liability limits and no notice drawing attention to them."""
    form = next((b for b in ctx.blocks_for(_STANDARD_FORM) if _STANDARD_FORM.search(b.text)), None)
    if form is None or any(_NOTICE.search(b.text) for b in ctx.blocks_for(_NOTICE)):
        return []
    limit = next((b for b in ctx.blocks_for(_LIMITS) if _LIMITS.search(b.text)), None)
    if limit is None:
        return []
    return [finding(
        "no_special_notice", Severity.warning, Role.legal,
        "格式条款未作特别提示：文件自称格式合同/格式条款并含免除或限制责任的条款，但没有提示对方注意这些条款的"
        "特别提示（民法典第496条：未提示的，对方可以主张该条款不成为合同内容）。",
        "standard terms without a notice: the document calls itself a standard form and limits liability, but no "
        "clause draws the other party's attention to those terms (Civil Code art. 496: unnoticed terms may be "
        "held not to form part of the contract).",
        location=form.location, evidence=clip(form.text, 120) + "\n" + clip(limit.text, 120),
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
