"""The reviewer's checks: what is missing (per the playbook) and what is wrong, as findings.

Each check takes a ``Context`` and returns a list of ``Finding``; ``run_checks`` runs them all.
The text checks live in ``check_text`` and ``check_placeholders``, the figure checks in ``check_amounts`` and
``check_figures`` and the comparison
with the library in ``check_library``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

from clause_library.models import Category, Condition, DocumentKind, OutsourcingKind, Requirement, Role, Severity

from .check_amounts import check_capital_amounts
from .check_base import Context, clip, finding
from .check_consistency import (
    check_blank_fields,
    check_nda_term,
    check_periods,
    check_schedule_rows,
    check_special_notice,
)
from .check_figures import check_payment_schedule, check_term_dates
from .check_library import check_library_clauses
from .check_placeholders import check_placeholders
from .check_references import check_defined_terms, check_references
from .check_text import check_party_names, check_uscc
from .classify import classify
from .document import ReadResult
from .findings import Finding

__all__ = [
    "CHECKS",
    "Check",
    "check_comments",
    "check_confidentiality_term",
    "check_missing_categories",
    "check_outsourcing_kind",
    "check_revisions",
    "check_signature_block",
    "detect_conditions",
    "run_checks",
    "unreadable_findings",
]

Check = Callable[[Context], list[Finding]]

# PIPL art. 21 entrustment, said in the document itself: personal information processed on the
# client's behalf (委托处理 / 受托处理 / "processor" / "on behalf of").
_PI_ZH = re.compile(r"个人信息")
_PI_ZH_ENTRUST = re.compile(r"委托(?:乙方|受托方|服务商)?(?:处理|加工)|受托(?:处理|方处理|人处理)|代(?:为|表甲方)处理")
_PI_EN = re.compile(r"personal (?:information|data)", re.IGNORECASE)
_PI_EN_ENTRUST = re.compile(r"on (?:its|their|the \w+'s) behalf|on behalf of|\bprocessors?\b|entrust", re.IGNORECASE)


def detect_conditions(result: ReadResult) -> set[Condition]:
    """Conditions the document's own words establish: today only personal information entrusted."""
    for b in result.blocks:
        t = b.text
        if (_PI_ZH.search(t) and _PI_ZH_ENTRUST.search(t)) or (_PI_EN.search(t) and _PI_EN_ENTRUST.search(t)):
            return {Condition.personal_information_entrusted}
    return set()


def unreadable_findings(result: ReadResult) -> list[Finding]:
    """The one finding for a document with no text: never "missing clauses", but "scanned image?"."""
    pages = f"{result.page_count} page(s)" if result.page_count else result.format
    return [finding(
        "no_text", Severity.warning, Role.legal,
        "未能从文件中提取任何文字——是否为扫描图像？请提供可检索文字的版本或人工审阅；未检查条款是否缺失。",
        "no text could be extracted — scanned image? Provide a text version or review by hand; "
        "missing clauses were not checked.",
        evidence=f"{pages}; " + "; ".join(result.warnings) if result.warnings else pages,
    )]


def _partial_text(ctx: Context) -> str:
    pages = ctx.result.pages_without_text
    return ", ".join(str(p) for p in pages[:20]) + ("…" if len(pages) > 20 else "")


# An article of odds and ends (其他, 附则, Miscellaneous): it says when the document takes effect, how long it lasts
# and what survives it, and mentions the duties it ends; it states none of them.
_MISCELLANY = re.compile(r"^(?:其他|其它|附则|杂项|一般(?:条款|规定)|其他(?:约定|事项|条款|规定)|miscellaneous"
                         r"|general(?: provisions| terms)?|other (?:provisions|matters|terms))$", re.IGNORECASE)


def _heading_reach(category: Category, heading: str) -> int:
    """How many characters of ``heading`` the category's longest heading match covers (0: none); a heading is
    read to ``_HEADING_READ`` characters (the library's patterns on a short, bounded text)."""
    best = 0
    heading = heading[:_HEADING_READ]
    for pattern in (*category.headings.zh, *category.headings.en):
        for m in _heading_rx(pattern).finditer(heading):
            best = max(best, m.end() - m.start())
    return best


_HEADING_READ = 200


@functools.lru_cache(maxsize=512)
def _heading_rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _stated_in_own_article(ctx: Context, playbook: set[str]) -> Callable[[str], bool]:
    """Whether a category is stated in an article of its own: an article (or schedule) headed so, or the text of
    an article headed as that category alone among the playbook's, or as none of them. In a document with
    headed articles, the passages before the first heading (the recital, a special notice listing the articles)
    introduce them and state none, an article headed as another of the playbook's categories (or as two of
    them) states that one (a termination article that says what survives is not the survival clause), and an
    article of odds and ends (``_MISCELLANY``) only mentions. In a document without headings every passage
    counts."""
    every = classify(ctx.segments, {c: ctx.library.categories[c] for c in playbook if c in ctx.library.categories},
                     first_only=False)  # every hit, not only each category's first
    headed_as: dict[int, set[str]] = {}
    for category, hits in every.items():
        for hit in hits:
            if hit.via == "heading" and category in playbook:
                headed_as.setdefault(hit.segment, set()).add(category)
    # A heading several categories match is the one whose pattern reads most of it: 廉洁检查与调查配合 is the
    # integrity audit's article, not the integrity clause's.
    closest: dict[int, set[str]] = {}
    for index, categories in headed_as.items():
        reach = {c: _heading_reach(ctx.library.categories[c], ctx.segments[index].heading) for c in categories}
        closest[index] = {c for c, n in reach.items() if n == max(reach.values())}
    article: list[int | None] = []  # each segment's article: the last segment with a heading at or before it
    current: int | None = None
    for i, seg in enumerate(ctx.segments):
        if seg.heading:
            current = i
        article.append(current)
    if current is None:
        return lambda category: category in ctx.hits

    def stated(category: str) -> bool:
        for hit in every.get(category, []):
            if hit.via == "heading" and category in closest.get(hit.segment, {category}):
                return True  # an article (or schedule) headed so
            owner = article[hit.segment]
            if owner is None or _MISCELLANY.match(ctx.segments[owner].heading.strip()):
                continue
            if not headed_as.get(owner, set()) - {category}:
                return True
        return False

    return stated


def _requirements(ctx: Context) -> Iterable[tuple[Requirement, bool]]:
    """(requirement, mandatory) of the playbook that apply here, one per category, mandatory first."""
    playbook = ctx.playbook
    seen: set[str] = set()
    for mandatory, reqs in ((True, playbook.mandatory), (False, playbook.recommended)):
        for req in reqs:
            if req.category in seen or not set(req.when) <= ctx.conditions:
                continue
            seen.add(req.category)
            yield req, mandatory


# Why a requirement that holds only under a condition applies here, in the finding's words.
_WHY: dict[Condition, tuple[str, str]] = {
    Condition.personal_information_entrusted: ("涉及委托处理个人信息", "personal information is entrusted"),
    Condition.system_access: ("乙方接触甲方系统或数据", "the vendor has access to the client's systems or data"),
    Condition.onsite_staff: ("乙方人员驻场", "vendor staff work on the client's premises"),
    Condition.source_code_delivered: ("交付软件或源代码", "software or source code is delivered"),
    Condition.subcontracting_permitted: ("允许分包", "subcontracting is permitted"),
    Condition.sme_vendor: ("乙方为中小企业", "the vendor is a small or medium-sized enterprise"),
    Condition.pass_through_funds: ("代收代付款项", "funds pass through the vendor"),
}


def check_missing_categories(ctx: Context) -> list[Finding]:
    """Each playbook category with no evidence anywhere in the document.

    Mandatory ones take the playbook's severity and owner; recommended ones are warnings at most.
    Where some PDF pages had no text layer, a miss is a warning only (it may be on those pages).
    """
    out: list[Finding] = []
    partial = _partial_text(ctx)
    requirements = list(_requirements(ctx))
    own = any(req.own_article for req, _ in requirements)
    stated = _stated_in_own_article(ctx, {req.category for req, _ in requirements}) if own else None
    for req, mandatory in requirements:
        if req.category in ctx.hits and (not req.own_article or stated is None or stated(req.category)):
            continue
        cat = ctx.library.categories.get(req.category)
        zh, en = (cat.zh, cat.en) if cat else (req.category, req.category)
        severity = req.severity if mandatory else _at_most_warning(req.severity)
        evidence = f"no heading or text matched the {req.category!r} patterns in {len(ctx.segments)} clauses"
        if partial:
            severity = _at_most_warning(severity)
            evidence += f"; pages without text: {partial}"
        if mandatory:
            whys = [_WHY.get(c, (c.value, c.value)) for c in req.when]
            why_zh = f"（{'；'.join(zh for zh, _ in whys)}）" if whys else ""
            why_en = f" ({'; '.join(en for _, en in whys)})" if whys else ""
            msg_zh, msg_en = f"缺少必备条款：{zh}{why_zh}", f"mandatory clause missing: {en}{why_en}"
        else:
            msg_zh, msg_en = f"缺少建议条款：{zh}", f"recommended clause missing: {en}"
        out.append(finding("missing_category", severity, req.owner, msg_zh, msg_en, evidence=evidence,
                           category=req.category))
    return out


def _at_most_warning(severity: Severity) -> Severity:
    return Severity.warning if severity is Severity.blocker else severity


def check_outsourcing_kind(ctx: Context) -> list[Finding]:
    """An outsourcing kind the text does not settle: say so, and that every candidate's playbook was applied."""
    if not ctx.candidates or ctx.outsourcing is not None:
        return []
    names = ", ".join(c.value for c in ctx.candidates)
    zh_names = "、".join(_KIND_ZH[c] for c in ctx.candidates)
    return [finding(
        "outsourcing_uncertain", Severity.warning, Role.legal,
        f"外包类型不确定（可能为：{zh_names}）：已按各候选类型的必备条款合并审查；请确认外包类型"
        "（--outsourcing）后复核。",
        f"the outsourcing kind is uncertain (candidates: {names}): every candidate's mandatory clauses were "
        "checked; confirm the kind (--outsourcing) and review again.",
        evidence=ctx.kind_evidence,
    )]


_KIND_ZH = {OutsourcingKind.it: "信息技术外包", OutsourcingKind.bpo: "业务流程外包", OutsourcingKind.hr: "人力资源外包"}


def check_revisions(ctx: Context) -> list[Finding]:
    """Tracked changes still in the file (read as if accepted): one legal warning listing them."""
    revs = ctx.result.revisions
    if not revs:
        return []
    lines = [f"{r.location}: {'+' if r.kind == 'insertion' else '-'} {clip(r.text, 80)} ({r.author or '?'})"
             for r in revs[:30]]
    if len(revs) > 30:
        lines.append(f"… {len(revs) - 30} more")
    return [finding(
        "tracked_changes", Severity.warning, Role.legal,
        f"文件中有 {len(revs)} 处未接受的修订（已按接受修订后的文本审阅）：签署前请接受或拒绝全部修订。",
        f"{len(revs)} tracked change(s) remain (reviewed as if accepted): accept or reject them before signing.",
        location=revs[0].location, evidence="\n".join(lines),
    )]


def check_comments(ctx: Context) -> list[Finding]:
    """Reviewers' comments left in the file: one info finding listing them."""
    comments = ctx.result.comments
    if not comments:
        return []
    lines = [f"{c.location}: {c.author or '?'}: {clip(c.text, 120)}" for c in comments[:30]]
    return [finding(
        "comments", Severity.info, Role.legal,
        f"文件中有 {len(comments)} 条批注，请确认已处理并在签署版本中删除。",
        f"{len(comments)} comment(s) in the file: check they are resolved and remove them from the signing copy.",
        location=comments[0].location, evidence="\n".join(lines),
    )]


def check_signature_block(ctx: Context) -> list[Finding]:
    """No signature block (seal / signature lines, "IN WITNESS WHEREOF", "By:") near the end.

    When the playbook's ``signatures`` category is already reported missing, that finding says it.
    """
    if ctx.signature_index is not None:
        return []
    playbook = ctx.playbook
    if any(r.category == "signatures" for r in playbook.mandatory) and "signatures" not in ctx.hits:
        return []
    tail = [b for b in ctx.blocks()][-3:]
    return [finding(
        "no_signature_block", Severity.blocker, Role.legal,
        "文末未见签署栏（盖章、签字或授权代表签署处）。",
        "no signature block near the end (seal, signature or authorised-representative lines).",
        location=tail[-1].location if tail else "", evidence="\n".join(clip(b.text, 100) for b in tail),
        category="signatures",
    )]


# ---- confidentiality term -----------------------------------------------------------------

_CONF = re.compile(r"保密|秘密|confidential|non-disclosure|secre(?:t|cy)", re.IGNORECASE)
# A run of Chinese numerals is read from its first one only (a match inside it would have started further left):
# Python's re re-read a long run from each of its characters.
_NUM = (r"(?:(?<![\d.])\d{1,3}|(?<![零〇一二两三四五六七八九十])[零〇一二两三四五六七八九十]+"
        r"|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty))")
# "5年", "十二个月", "three (3) years"; not a date ("2026年4月" has four digits).
_DURATION = re.compile(
    rf"(?P<n>{_NUM})\s*(?:[（(]\s*\d+\s*[）)]\s*)?(?:个)?(?:年(?!\s*\d{{1,2}}\s*月)|月(?!\s*\d{{1,2}}\s*日)|years?\b|months?\b)",
    re.IGNORECASE,
)
_TERM_CUE = re.compile(
    r"保密期限|保密义务|保密责任|期限|有效|持续|届满|终止后|离职后|不因|confidentiality obligations?|period|surviv|"
    r"continue|remain|after|following|term",
    re.IGNORECASE,
)
_PERPETUAL = re.compile(
    r"永久|长期有效|无限期|持续(?:有效)?(?:至|到)[^。；;]{0,40}(?:公开|公知|不再(?:构成|属于)|丧失)"
    r"|直至[^。；;]{0,40}(?:公开|公知|不再(?:构成|属于))|不因[^。；;]{0,20}(?:终止|解除|届满)而(?:终止|失效|解除)"
    r"|perpetu(?:al|ity)|indefinite(?:ly)?|without (?:limit of )?time|so long as[^.;]{0,80}(?:secret|confidential)"
    r"|until[^.;]{0,80}(?:public|no longer)",
    re.IGNORECASE,
)
_ZERO = {"0", "零", "〇", "zero"}
_TITLE = re.compile(r"协议|合同|承诺书|agreement|undertaking|contract", re.IGNORECASE)  # "保密协议" heads a document
# In an NDA or a pledge every duty is a confidentiality duty: obligations (or numbered articles)
# said to survive for a period, or the agreement's own duration, give the confidentiality term.
_SURVIVES_FOR = re.compile(
    r"(?:义务|条|款)[^。；;]{0,40}(?:终止|届满|到期|期满|解除)(?:后|之日起)[^。；;]{0,12}(?:继续|仍然|仍)?有效"
    r"|(?:obligations|provisions|sections?|clauses?)\b[^.;]{0,80}\bsurviv\w*[^.;]{0,60}\bfor\b",
    re.IGNORECASE,
)
_OWN_TERM = re.compile(
    r"本(?:协议|承诺书?|合同)(?:的)?有效期(?:为|自)"
    r"|\b(?:this|the) (?:agreement|undertaking)\b[^.;]{0,60}\b(?:remain|continue|be)\w* in (?:full )?"
    r"(?:force|effect)[^.;]{0,30}\bfor\b"
    r"|\bterm of (?:this|the) (?:agreement|undertaking)\b[^.;]{0,30}\b(?:is|shall be|will be)\b",
    re.IGNORECASE,
)


# The kinds of document that bind someone to confidentiality for a stated time.
_CONFIDENTIALITY_KINDS = frozenset({DocumentKind.service_contract, DocumentKind.nda, DocumentKind.pledge,
                                    DocumentKind.security_agreement})


def check_confidentiality_term(ctx: Context) -> list[Finding]:
    """No confidentiality term (保密期限, "for N years", perpetual, "so long as … trade secret"), or 0.

    A legal blocker in NDAs and pledges; in a service contract (which has a confidentiality
    clause) a warning. Only durations in a block that speaks of confidentiality, or stands in an
    article headed so, count; in an NDA or a pledge also surviving articles' period or the
    agreement's own term (every duty there is a confidentiality duty). Surviving termination
    without end ("不因本合同的终止而终止") is a term: an indefinite one.
    """
    if ctx.kind not in _CONFIDENTIALITY_KINDS:
        return []  # a power of attorney, a change or a termination agreement has no confidentiality term of its own
    if ctx.kind is DocumentKind.service_contract and "confidentiality" not in ctx.hits:
        return []  # the missing clause itself is reported by check_missing_categories
    severity = Severity.warning if ctx.kind is DocumentKind.service_contract else Severity.blocker
    found = zero = None
    # a block speaks of confidentiality when it says so, or stands in an article headed so
    # ("本条义务在本合同终止后二年内仍然有效" under 第八条 保密)
    in_article = {i for seg in ctx.segments if _CONF.search(seg.heading) and not _TITLE.search(seg.heading)
                  for i in seg.blocks}
    screened = {b.index for b in ctx.blocks_for(_CONF, _TERM_CUE)} | in_article
    for b in ctx.blocks():
        if b.index not in screened or not _TERM_CUE.search(b.text):
            continue
        if b.index not in in_article and not _CONF.search(b.text):
            continue
        if _PERPETUAL.search(b.text):
            found = found or b
        for m in _DURATION.finditer(b.text):
            if m.group("n").lower() in _ZERO:
                zero = zero or (b, m)
            else:
                found = found or b
    if found is None and zero is None and ctx.kind is not DocumentKind.service_contract:
        found = next((b for b in ctx.blocks_for(_DURATION) if (_SURVIVES_FOR.search(b.text) or _OWN_TERM.search(b.text))
                      and any(m.group("n").lower() not in _ZERO for m in _DURATION.finditer(b.text))), None)
    if zero is not None:
        b, m = zero
        return [finding(
            "confidentiality_term", severity, Role.legal,
            f"保密期限为零（“{m.group(0)}”）：保密义务实际上立即终止。",
            f"the confidentiality term is zero ({m.group(0)!r}): the duty ends at once.",
            location=b.location, evidence=clip(b.text), category="confidentiality_term",
        )]
    if found is None:
        return [finding(
            "confidentiality_term", severity, Role.legal,
            "未约定保密期限（如“保密期限为N年”“永久”或“直至该信息公开”）。",
            "no confidentiality term is stated (e.g. 'for a period of N years', perpetual, or "
            "'so long as it remains a trade secret').",
            category="confidentiality_term",
        )]
    return []


CHECKS: tuple[Check, ...] = (
    check_missing_categories,
    check_outsourcing_kind,
    check_signature_block,
    check_confidentiality_term,
    check_placeholders,
    check_capital_amounts,
    check_payment_schedule,
    check_term_dates,
    check_uscc,
    check_party_names,
    check_revisions,
    check_comments,
    check_library_clauses,
    check_references,
    check_defined_terms,
    check_schedule_rows,
    check_blank_fields,
    check_periods,
    check_special_notice,
    check_nda_term,
)


def run_checks(ctx: Context, checks: Iterable[Check] = CHECKS) -> list[Finding]:
    """Every finding of ``checks`` on ``ctx``: blockers first, then warnings, then info."""
    if not ctx.result.has_text:
        return unreadable_findings(ctx.result) + check_revisions(ctx) + check_comments(ctx)
    out: list[Finding] = []
    for check in checks:
        out.extend(check(ctx))
    if ctx.result.pages_without_text:
        out.append(finding(
            "pages_without_text", Severity.info, Role.legal,
            f"第 {_partial_text(ctx)} 页没有文字层（扫描页？），其内容未被审阅。",
            f"page(s) {_partial_text(ctx)} have no text layer (scanned?): their content was not reviewed.",
        ))
    order = {Severity.blocker: 0, Severity.warning: 1, Severity.info: 2}
    return sorted(out, key=lambda f: order[f.severity])
