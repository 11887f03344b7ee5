"""Standard terms that limit liability without a notice drawing attention to them (``no_special_notice``)."""

from __future__ import annotations

import re

from clause_library.models import Role, Severity

from .check_base import Context, clip, finding
from .findings import Finding
from .linear import compile_linear

__all__ = ["check_special_notice"]

# A contract that calls itself a standard form (格式条款, 格式合同, "standard form", "standard terms") and limits a
# party's liability, without a notice drawing attention to those terms (特别提示 / 重要提示 / "IMPORTANT NOTICE";
# 民法典 art. 496).

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
