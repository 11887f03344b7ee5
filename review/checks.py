"""The reviewer's checks in the order they run (``CHECKS``), ``run_checks``, and the whole-document checks."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from clause_library.cues import Cues
from clause_library.models import Condition, DocumentKind, OutsourcingKind, Role, Severity

from .check_amounts import check_capital_amounts
from .check_base import REGISTERED, Check, Context, clip, finding, unread_pages
from .check_blank_fields import check_blank_fields
from .check_consistency import check_nda_term, check_periods
from .check_defined_terms import check_defined_terms
from .check_figures import check_payment_schedule, check_term_dates
from .check_library import check_library_clauses
from .check_missing import check_missing_categories
from .check_payment_rows import check_schedule_rows
from .check_placeholders import check_placeholders
from .check_references import check_references
from .check_special_notice import check_special_notice
from .check_text import check_party_names, check_uscc
from .cues import entrusts_personal_information
from .document import Comment, ReadResult, Revision
from .findings import Finding

__all__ = [
    "CHECKS",
    "Check",
    "check_comments",
    "check_confidentiality_term",
    "check_outsourcing_kind",
    "check_revisions",
    "check_signature_block",
    "detect_conditions",
    "run_checks",
    "unreadable_findings",
]

# Each check takes a ``Context`` and returns a list of ``Finding``; most live in a module of their own
# (``check_missing``, ``check_references``, ``check_placeholders``, ...). Here are the few that look at the document
# as a whole: its outsourcing kind, its signature block, tracked changes and comments left in it, its
# confidentiality term; and what reading established before the checks run (conditions, no text at all).


def detect_conditions(result: ReadResult, cues: Cues | None = None) -> set[Condition]:
    """Conditions the document's own words establish: today only personal information entrusted (PIPL art. 21:
    the library's cues, cues.yaml; ``cues`` ``None``: the shipped library's)."""
    for b in result.blocks:
        if entrusts_personal_information(b.text, cues):
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
    lines = [f"{r.location}: {'+' if r.kind == 'insertion' else '-'} {clip(r.text, 80)} ({r.author or '?'})"
             for r in revs[:_LISTED]]
    if len(revs) > _LISTED:
        lines.append(f"… {len(revs) - _LISTED} more")
    return _left_in_file(
        "tracked_changes", Severity.warning, revs, lines,
        f"文件中有 {len(revs)} 处未接受的修订（已按接受修订后的文本审阅）：签署前请接受或拒绝全部修订。",
        f"{len(revs)} tracked change(s) remain (reviewed as if accepted): accept or reject them before signing.",
    )


def check_comments(ctx: Context) -> list[Finding]:
    """Reviewers' comments left in the file: one info finding listing them."""
    comments = ctx.result.comments
    return _left_in_file(
        "comments", Severity.info, comments,
        [f"{c.location}: {c.author or '?'}: {clip(c.text, 120)}" for c in comments[:_LISTED]],
        f"文件中有 {len(comments)} 条批注，请确认已处理并在签署版本中删除。",
        f"{len(comments)} comment(s) in the file: check they are resolved and remove them from the signing copy.",
    )


_LISTED = 30  # tracked changes or comments listed in a finding's evidence


def _left_in_file(check: str, severity: Severity, items: Sequence[Revision | Comment], lines: list[str],
                  zh: str, en: str) -> list[Finding]:
    """One legal finding for what reviewers left in the file (``items``), at the first of them, listing
    ``lines``; none when there is nothing."""
    if not items:
        return []
    return [finding(check, severity, Role.legal, zh, en, location=items[0].location, evidence="\n".join(lines))]


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


# The checks written before checks registered themselves (check_base.check), in the order they have always run:
# a report lists the findings of one severity in this order.
_IN_ORDER: tuple[Check, ...] = (
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


def _registered() -> tuple[Check, ...]:
    """The checks of every ``review/check_*.py`` module that registered itself with ``@check`` and is not listed
    above, by module name: importing the modules registers them."""
    for info in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda i: i.name):
        if info.name.startswith("check_"):
            importlib.import_module(f"{__package__}.{info.name}")
    return tuple(c for c in REGISTERED if c not in _IN_ORDER)


CHECKS: tuple[Check, ...] = (*_IN_ORDER, *_registered())


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
            f"第 {unread_pages(ctx)} 页没有文字层（扫描页？），其内容未被审阅。",
            f"page(s) {unread_pages(ctx)} have no text layer (scanned?): their content was not reviewed.",
        ))
    order = {Severity.blocker: 0, Severity.warning: 1, Severity.info: 2}
    return sorted(out, key=lambda f: order[f.severity])
