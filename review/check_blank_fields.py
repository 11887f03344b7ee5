"""Field lines for a party's data left blank (``blank_field``)."""

from __future__ import annotations

import itertools
import re

from clause_library.models import Role, Severity

from .check_base import Context, clip, finding
from .document import Block, Part
from .findings import Finding
from .linear import compile_linear

__all__ = ["check_blank_fields"]

# A field line for data a party must give (bank, account, address, phone, contact, e-mail, credit code) with
# nothing after its label but punctuation or a blank: "开户银行及账号：，", "bank and account number: ,",
# "Address: ____".

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
