"""Clauses the playbook asks for that the document does not have (``missing_category``)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

from clause_library.models import Category, Condition, Requirement, Severity

from .check_base import Context, finding, unread_pages
from .classify import classify
from .findings import Finding

__all__ = ["check_missing_categories"]

# Each playbook category with no evidence anywhere in the document is missing; a category the playbook wants in an
# article of its own (``own_article``) is missing too when only another article mentions it.

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
    partial = unread_pages(ctx)
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
