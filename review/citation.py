"""How the reference checks read a reference: what it may name, and whether it is the document's own."""

from __future__ import annotations

import re
from collections.abc import Callable

from clause_library.models import DocumentKind

from .check_base import Context

__all__ = ["ZH_OBJECTS", "in_quotation"]

# What a reference may name that the article it points to must speak of: the money, remedies and procedures a
# reader turns to the article for. Anything else ("第十二条约定的程序办理") is not checked.
ZH_OBJECTS = ("违约金", "赔偿", "滞纳金", "利息", "服务费", "价款", "费用", "保证金", "保函", "押金", "扣减", "扣款",
              "奖励", "考核", "验收", "整改", "保险", "解除", "终止", "保密", "知识产权", "争议", "仲裁", "通知",
              "付款", "支付", "发票", "续约", "续期", "交接", "不可抗力", "责任上限", "赔偿上限")

# A passage in quotation marks: in a change agreement, the quoted old or new text of the contract it changes.
_QUOTE = re.compile(r"“[^”]{1,4000}”|\"[^\"]{1,4000}\"")


def in_quotation(ctx: Context, text: str) -> Callable[[int], bool]:
    """Whether a position of ``text`` lies inside a quotation, for a change agreement, whose quotations are the
    old and new text of the main contract (its references are to that contract's articles and schedules);
    for any other document, never."""
    if ctx.kind is not DocumentKind.change_agreement:
        return lambda at: False
    spans = [(m.start(), m.end()) for m in _QUOTE.finditer(text)]
    return lambda at: any(a < at < b for a, b in spans)
