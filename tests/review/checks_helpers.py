"""Helpers of the reviewer's check tests: a ReadResult built from paragraphs and tables, reviewed."""

from __future__ import annotations

from collections.abc import Sequence

from clause_library.loader import Library
from clause_library.models import DocumentKind, OutsourcingKind
from review.document import Block, Part, ReadResult
from review.findings import Finding, Report
from review.review import review_result

Row = Sequence[str]


def read(*items: str | list[Row], properties: dict[str, str] | None = None) -> ReadResult:
    """A ReadResult from paragraphs (str) and tables (list of rows of cells), in order."""
    result = ReadResult(path="test.docx", format="docx", properties=dict(properties or {}))
    n_para = n_table = 0
    for item in items:
        if isinstance(item, str):
            n_para += 1
            result.blocks.append(Block(item, len(result.blocks), f"paragraph {n_para}"))
        else:
            n_table += 1
            for r, row in enumerate(item, 1):
                result.blocks.append(Block(" | ".join(row), len(result.blocks), f"table {n_table} row {r}",
                                           Part.table, cells=tuple(row)))
    return result


def review(result: ReadResult, library: Library, kind: DocumentKind = DocumentKind.service_contract,
           **kw: object) -> Report:
    return review_result(result, kind=kind, outsourcing=kw.pop("outsourcing", OutsourcingKind.it),  # type: ignore[arg-type]
                         library=library, **kw)  # type: ignore[arg-type]


def of(report: Report, check: str) -> list[Finding]:
    return [f for f in report.findings if f.check == check]


SIGN_ZH = [["甲方（盖章）：", "乙方（盖章）："], ["北京示例科技股份有限公司", "上海云服信息技术有限公司"],
           ["法定代表人或授权代表（签字）：", "法定代表人或授权代表（签字）："], ["日期：____", "日期：____年__月__日"]]
SIGN_EN = [["Client (company seal):", "Vendor (company seal):"], ["Acme Ltd.", "Vendor Co., Ltd."],
           ["Signature: ________", "Signature: ________"], ["Date: ________", "Date: ________"]]
PREAMBLE_ZH = ["服务合同", "甲方（委托方）：北京示例科技股份有限公司\n统一社会信用代码：91110000600037341L",
               "乙方（受托方）：上海云服信息技术有限公司"]
PREAMBLE_EN = ['Party A (the "Client"): Acme Ltd.', 'Party B (the "Vendor"): Vendor Co., Ltd.']


def zh_contract(*body: str | list[Row], sign: list[Row] | None = None) -> ReadResult:
    return read(*PREAMBLE_ZH, "第一条 服务内容", *body, "（以下无正文）", SIGN_ZH if sign is None else sign)


def en_contract(*body: str | list[Row], sign: list[Row] | None = None) -> ReadResult:
    return read("Services Agreement", *PREAMBLE_EN, "Article 1 Services", *body,
                "IN WITNESS WHEREOF the Parties have signed this Agreement.", SIGN_EN if sign is None else sign)
