"""Leftover blanks and template marks, each said as what it stands for, grouped by what they stand for."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import ahocorasick

from clause_library.models import Role, Severity
from clause_library.vocabulary import HAN

from .check_base import TEXT_PARTS, Context, around, clip, finding
from .document import Block, Part
from .findings import Finding
from .linear import compile_linear

__all__ = ["check_placeholders", "placeholder_kind"]

_BLANK = r"[X×xＸｘ＊*_]"
# A month or a day left blank: X's, underscores, a gap of spaces or an empty 【】.
_GAP = r"(?:\s*" + _BLANK + r"{1,6}\s*|\s{2,}|\s*【\s*】\s*)"
# Written so that no run of spaces or X's can be split two ways and no match starts inside such a run
# (the same matches as "(?:X{2,4}|\s{2,})\s*年\s*(?:X{1,2}|\s{2,})\s*月…", which took minutes on 5,000 spaces).
_PLACEHOLDER = re.compile(
    rf"(?P<date>(?:(?:20|２０)?{_BLANK}{{2,6}}\s*|(?<!\s)\s{{2,}}|【\s*】\s*|\d{{4}}\s*)年{_GAP}月{_GAP}日"
    r"|(?<![\d零〇一二三四五六七八九十])年\s+月\s+日"
    r"|the\s+_{2,}\s+day\s+of\s+_{2,}\s*,?\s*(?:20)?(?:_{2,}|\d{2}(?!\d))"
    r"|\[\s*(?:(?:effective|signing|execution|commencement|start|end|expiry)\s+)?date\s*\]"
    r"|(?<![\w_])20__(?![\w_]))"
    r"|(?P<under>_{3,})"
    r"|(?P<bracket>【[^】\n]{0,30}】)"
    r"|(?P<jinja>\{\{[^}\n]{0,80}\}\}|\{%[^%\n]{0,80}%\})"
    r"|(?P<bullet>[\[［]\s*[●•·…]+\s*[\]］])"
    r"|(?P<insert>\[\s*(?:insert|enter|fill in|name of|date of|amount|party|company name|address)\b[^\]\n]{0,60}\])"
    r"|(?P<xx>×{2,}|(?<=[" + HAN + r"：:])[XＸxｘ]{2,}|(?<![XＸxｘ])[XＸxｘ]{2,}(?=[" + HAN + r"]))"
    r"|(?P<tbd>\bTBD\b|\bTBC\b|\bto be (?:determined|confirmed|agreed)\b|待定|待填写?|待补充|待确认)"
    r"|(?P<boxes>[□☐]{2,})"
    r"|(?P<choice>(?:[□☐][^□☐\n，。；;,.]{1,20}){2,6})",
    re.IGNORECASE,
)
# Cheap first look: a block with none of these cannot hold a placeholder.
_TRIGGER = re.compile(r"__|【|年\s|\{[{%]|[\[［]|××|[XＸxｘ]{2}|TB[DC]|to be (?:determined|confirmed|agreed)|待|[□☐]",
                      re.IGNORECASE)
# ... looked for as strings in the lower-cased block, in one pass: every match of _TRIGGER holds one
# (no character but these matches them case-insensitively); "年" only counts when _YEAR_GAP is there.
_TRIGGER_STRINGS = ("__", "【", "年", "{{", "{%", "[", "［", "××", "tbd", "tbc", "to be determined",
                    "to be confirmed", "to be agreed", "待", "□", "☐",
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
# Where a signature, a seal or a witness goes: a blank after these is a line to sign on, wherever it is.
_SIGN_HERE = re.compile(
    r"(?:签[字章名]|盖章|(?:法定|授权)代表人?|代理人|signature|signed|by|witness|seal)\s*[:：]?\s*$",
    re.IGNORECASE,
)
# When and where the parties sign: filled in by hand at signing, unless the signing block is filled in already.
_SIGN_WHEN = re.compile(
    r"(?:签[订署](?:日期|地点|时间)?|date of (?:signing|signature|execution)|sign(?:ed)? at)\s*[:：]?\s*$",
    re.IGNORECASE)
# A date written out: a signing block holding one has been filled in.
_FILLED_DATE = compile_linear(
    r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},?\s+\d{4}"
    r"|\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December),?\s+\d{4}",
    re.IGNORECASE,
)
_TEMPLATE_DATE = re.compile(r"[X×xＸｘ＊*【\[]")
_CHECKED = re.compile(r"[☑☒■√✓✔▣]")

# What a blank stands for, from the words right after it (tried in this order) ...
_AFTER = (
    ("term", re.compile(r"^[\s)）]{0,3}(?:个月|个工作日|个自然日|个?工作日|日内|天|年内|周|小时|months?\b|days?\b|"
                        r"years?\b|weeks?\b|business days|hours?\b)", re.IGNORECASE)),
    ("date", re.compile(r"^[\s)）]{0,3}(?:年|月|日|,?\s?(?:19|20)\d\d\b)")),
    ("amount", re.compile(r"^[\s)）]{0,3}(?:元|万元|美元|yuan|dollars|US dollars|RMB)", re.IGNORECASE)),
    ("percent", re.compile(r"^[\s)）]{0,3}(?:%|％|percent|per cent)", re.IGNORECASE)),
    ("scope", re.compile(r"^[\s)）]{0,3}(?:事务|事项|服务内容|工作内容|项目)")),
    ("forum", re.compile(r"^[\s)）]{0,3}(?:人民法院|法院|仲裁委员会|仲裁委|仲裁院|仲裁中心|courts?\b|arbitration)",
                         re.IGNORECASE)),
    ("quantity", re.compile(r"^[\s)）]{0,3}(?:名|人(?!民)|份|套|台|次|项)")),
)
# ... and, when no cue before it says, from a party's description after it:
# "(2) ________, a private company limited by shares…", "____（以下简称“乙方”）"
_AFTER_PARTY = (
    ("party", re.compile(r"^[\s,，]{0,3}(?:[（(]\s{0,2}(?:以下简称|下称|hereinafter)"
                         r"|(?:a|an)\s(?:[A-Za-z-]{1,20}\s){0,3}(?:company|corporation|partnership|firm|LLC)\b)",
                         re.IGNORECASE)),
)
# ... else from the nearest of these cues before it (or inside a bracketed blank such as 【供应商名称】).
_CUES = (
    ("amount", re.compile(r"金额|价款|价格|总价|费用|报酬|服务费|酬金|人民币|RMB|CNY|USD|[￥¥$]|amount|price|fees?\b|"
                          r"sum of|合计|compensation|consideration", re.IGNORECASE)),
    ("date", re.compile(r"日期|日起|时间|date|dated|day of|effective|commenc", re.IGNORECASE)),
    ("date", re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
                        r"December)\b")),
    ("term", re.compile(r"期限|有效期|为期|服务期|\bterm\b|period|duration", re.IGNORECASE)),
    ("percent", re.compile(r"比例|百分之|税率|费率|\brate\b|percentage", re.IGNORECASE)),
    ("forum", re.compile(r"仲裁委员会|仲裁机构|人民法院|管辖法院|courts? of|administered by"
                         r"|arbitration (?:body|institution|centre|center)", re.IGNORECASE)),
    ("party", re.compile(r"甲方|乙方|丙方|委托方|受托方|委托人|受托人|发包方|承包方|披露方|接收方|供应商|服务商|承诺人|"
                         r"名称|公司|当事人|"
                         r"\bparty\b|between|client|vendor|supplier|company|\bname\b", re.IGNORECASE)),
    ("bank_account", re.compile(r"开户行|开户银行|开户名|户名|银行账[号户]|账[号户]|帐[号户]|银行|bank|"
                                r"account(?: number| no\.?)?|IBAN|SWIFT", re.IGNORECASE)),
    ("person", re.compile(r"联系人|负责人|经理|姓名|代表人|经办人|项目主管|contact person|attention|attn|"
                          r"representative|signatory|manager", re.IGNORECASE)),
    ("address", re.compile(r"地址|住所|地点|所在地|address|located at|location|premises|place of business|"
                           r"registered office", re.IGNORECASE)),
    ("contact", re.compile(r"电话|手机|传真|邮箱|电子邮件|邮编|phone|\btel\b|fax|e-?mail", re.IGNORECASE)),
    ("identifier", re.compile(r"统一社会信用代码|信用代码|身份证|证件号|注册号|营业执照|许可证|编号|号码|registration|"
                              r"ID number|passport", re.IGNORECASE)),
    ("scope", re.compile(r"事务|服务内容|工作内容|服务范围|项目名称|scope|deliverables", re.IGNORECASE)),
)
# kind → (Chinese, English) words, severity and owner: blanks on which the deal turns are blockers.
_KINDS: dict[str, tuple[str, str, Severity, Role]] = {
    "amount": ("金额", "an amount", Severity.blocker, Role.finance),
    "bank_account": ("银行账户", "a bank account", Severity.blocker, Role.finance),
    "percent": ("比例", "a percentage", Severity.blocker, Role.finance),
    "date": ("日期", "a date", Severity.blocker, Role.business),
    "term": ("期限", "a term or period", Severity.blocker, Role.business),
    "scope": ("委托事项", "the services or matter", Severity.blocker, Role.business),
    "party": ("当事人", "a party", Severity.blocker, Role.legal),
    "person": ("人员姓名", "a person", Severity.warning, Role.legal),
    "address": ("地址或地点", "an address or place", Severity.warning, Role.legal),
    "contact": ("联系方式", "contact details", Severity.warning, Role.legal),
    "identifier": ("证照号码", "a registration or ID number", Severity.warning, Role.legal),
    "forum": ("争议解决机构", "a court or arbitration body", Severity.blocker, Role.legal),
    "quantity": ("数量", "a number", Severity.warning, Role.business),
    "choice": ("勾选项", "a choice between options", Severity.warning, Role.legal),
    "other": ("内容", "text", Severity.warning, Role.legal),
}
_WINDOW = 40  # characters before a blank searched for a cue
_PARTLY_FILLED = re.compile(r"[\d\s\-－—_]{0,30}$")
_GAP_MAX = 10  # ... that ends at most this far before it
_MAX_SEEN = 2_000  # placeholders looked at in one document; past it the rest are not
_SHOWN = 12  # occurrences quoted in a group's evidence; the locations of all are listed


def placeholder_kind(text: str, start: int, end: int) -> str:
    """What an unfilled blank at ``text[start:end]`` stands for: one of ``_KINDS`` (amount, date, term,
    party, bank_account, person, address, …; "other" when nothing says).

    The blank's own words decide first (【供应商名称】, [date of signing]); then the words right after it
    ("____元", "____个月", "__年"); then a cue close before it (甲方开户银行：____); then a party's description
    after it ("____, a company registered in…", "____（以下简称“乙方”）").
    """
    inner = text[start:end]
    first = min(((m.start(), kind) for kind, rx in _CUES if (m := rx.search(inner))), default=None)
    if first is not None:
        return first[1]
    after = text[end : end + 40]
    for kind, rx in _AFTER:
        if rx.search(after):
            if kind == "date" and after.lstrip().startswith("年") and _ends_with_term_cue(text, start):
                return "term"  # 期限为____年
            return kind
    # a field filled in part ("账号：4305 0178 ____", "电话：0571-8796____") keeps its label's kind
    near = start - len(_PARTLY_FILLED.search(text, max(0, start - _WINDOW), start).group(0))  # type: ignore[union-attr]
    best, pos, width = "other", near - _GAP_MAX - 1, 0
    for kind, rx in _CUES:
        for m in rx.finditer(text, max(0, start - _WINDOW), start):
            if m.end() > pos or (m.end() == pos and m.end() - m.start() > width):  # 项目名称 over 名称
                best, pos, width = kind, m.end(), m.end() - m.start()
    if best == "other":  # a cue only if at most _GAP_MAX characters before the blank: "Name How Kok Choong ____"
        best = next((kind for kind, rx in _AFTER_PARTY if rx.search(after)), best)
    return best


def _ends_with_term_cue(text: str, start: int) -> bool:
    return re.search(r"(?:期限|有效期|为期|服务期)\s*(?:为|是|:|：)?\s*$", text[max(0, start - 8) : start]) is not None


def _line_before(text: str, start: int, width: int = 40) -> str:
    """The ``width`` characters before ``start`` on its line (or table cell): where a blank's label sits."""
    low = max(0, start - width)
    return text[max(low, text.rfind("\n", low, start) + 1, text.rfind("|", low, start) + 1) : start]


def _hand_filled(group: str, matched: str) -> bool:
    """A blank meant for a pen (underscores, a gap, an empty 【】), not a template's mark (XX, [DATE], {{ }}, and
    【】 in a date: 【】年【】月【】日)."""
    if group in ("under", "boxes"):
        return True
    if group == "date":
        return _TEMPLATE_DATE.search(matched) is None
    return group == "bracket" and re.fullmatch(r"【\s*】", matched) is not None


def _exempt(ctx: Context, block: Block, m: re.Match[str], kind: str, filled: bool) -> bool:
    """Whether a match is no finding: a separator line, a line to sign on, emphasis in 【】, a choice made, or a
    blank left for signing in a signing block (or after 签订日期): normal in a document to be signed by hand,
    except a date left blank in a signing block whose other dates are filled in."""
    group, text, matched = m.lastgroup or "", block.text, m.group(0)
    if group == "bracket" and not _BRACKET_WORDS.search(matched):
        return True  # 【重要提示】: emphasis, not a blank
    if group == "under" and len(text) < 400 and _SEPARATOR.match(text.strip()):
        return True
    if group == "choice":  # a box ticked on the same line, near it, is the choice made
        line = _line_before(text, m.start(), 60) + matched + text[m.end() : m.end() + 60].partition("\n")[0]
        return _CHECKED.search(line) is not None
    if not _hand_filled(group, matched):
        return False
    before = _line_before(text, m.start())
    if _SIGN_HERE.search(before):
        return True
    if filled and kind == "date":
        return False
    return ctx.in_signature_block(block) or _SIGN_WHEN.search(before) is not None


def _signing_block_filled(ctx: Context) -> bool:
    """Whether the signing block holds a date written out: then it has been filled in, and a blank left in it
    (other than a line to sign or seal on) is one someone forgot."""
    start = ctx.signature_index
    if start is None:
        return False
    return any(_FILLED_DATE.search(b.text) for b in ctx.blocks() if b.index >= start)


@dataclass
class _Group:
    kind: str
    count: int = 0
    quoted: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)


def _add(group: _Group, block: Block, m: re.Match[str]) -> None:
    group.count += 1
    quoted = m.group(0).strip()
    if quoted not in group.quoted and len(group.quoted) < 4:
        group.quoted.append(quoted)
    if len(group.shown) < _SHOWN:
        group.shown.append(block.location + ": " + around(block.text, m, 40).replace("\n", " "))
    if not group.locations or group.locations[-1] != block.location:
        group.locations.append(block.location)


def _group_finding(group: _Group, stopped: bool) -> Finding:
    what_zh, what_en, severity, owner = _KINDS[group.kind]
    quotes_zh = "、".join(f"“{clip(q, 40)}”" for q in group.quoted)
    quotes_en = ", ".join(repr(clip(q, 40)) for q in group.quoted)
    n = group.count
    if group.kind == "choice":
        zh = f"选项均未勾选：{quotes_zh}" if n == 1 else f"{n}处选项均未勾选，如{quotes_zh}"
        en = (f"no option ticked: {quotes_en}" if n == 1
              else f"{n} choices with no option ticked, such as {quotes_en}")
    elif group.kind == "other":
        zh = f"遗留的占位符或模板标记{quotes_zh}" if n == 1 else f"{n}处遗留的占位符或模板标记，如{quotes_zh}"
        en = (f"leftover placeholder or template mark {quotes_en}" if n == 1
              else f"{n} leftover placeholders or template marks, such as {quotes_en}")
    elif n == 1:
        zh = f"未填写的占位符{quotes_zh}（应为{what_zh}）"
        en = f"unfilled placeholder {quotes_en} (stands for {what_en})"
    else:
        zh = f"{n}处未填写的占位符（应为{what_zh}），如{quotes_zh}"
        en = f"{n} unfilled placeholders standing for {what_en}, such as {quotes_en}"
    evidence = "\n".join(group.shown)
    if n > len(group.shown):
        rest = [loc for loc in group.locations if not any(s.startswith(loc + ":") for s in group.shown)]
        evidence += "\n" + clip(f"{n - len(group.shown)} more at: " + ", ".join(rest), 2_000)
    if stopped:
        evidence += f"\n(counting stopped after {_MAX_SEEN} placeholders in the document)"
    return finding("placeholder", severity, owner, zh, en, location=group.locations[0], evidence=evidence)


def check_placeholders(ctx: Context) -> list[Finding]:
    """Leftover blanks and template marks: ____, 【 】, □, XX年XX月XX日, ××, {{ }}, {% %}, [●], [DATE], [insert …],
    "the ___ day of ____, 20__", TBD/待定; one finding for each thing they stand for (a party, an amount, a
    date, a term, a bank account, a person, …, read from the words around each), with their count and every
    location.

    Blanks on which the deal turns (amount, bank account, percentage, date, term, the matter entrusted, a
    party) are blockers, owned by finance, business and legal; the rest are warnings. Lines to sign or seal
    on are never findings. Blanks left for signing (in the signing block, or after 签订日期 / "Date:") are
    normal in a document to be signed by hand, unless the signing block is filled in (it holds a date):
    then a blank left there was forgotten. A template's marks (XX年XX月XX日, 【】年【】月【】日, [DATE])
    are findings wherever they are.
    """
    parts = TEXT_PARTS | {Part.header, Part.footer, Part.footnote}
    filled = _signing_block_filled(ctx)
    groups: dict[str, _Group] = {}
    seen = 0
    for block in ctx.blocks_containing(_TRIGGER_STRINGS, parts):
        if not _may_hold_placeholder(block.text):  # the exact first look ("年" counts before a gap)
            continue
        for m in _PLACEHOLDER.finditer(block.text):
            group = m.lastgroup or ""
            kind = ("date" if group == "date" else "choice" if group == "choice"
                    else placeholder_kind(block.text, m.start(), m.end()))
            if _exempt(ctx, block, m, kind, filled):
                continue
            seen += 1
            if seen > _MAX_SEEN:
                return [_group_finding(g, stopped=True) for g in groups.values()]
            _add(groups.setdefault(kind, _Group(kind)), block, m)
    return [_group_finding(g, stopped=False) for g in groups.values()]

