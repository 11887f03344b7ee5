"""detect_kind on a title and opening lines: NDA, pledge, or service contract with its outsourcing kind."""

from __future__ import annotations

import pytest

from clause_library.models import DocumentKind, OutsourcingKind
from review.kind import detect_kind


@pytest.mark.parametrize(
    ("text", "kind", "outsourcing"),
    [
        ("保密协议\n甲方（披露方）：……乙方（接收方）：……", DocumentKind.nda, None),
        ("商业秘密保护协议\n委托方：……供应商：……委托供应商开发模具……", DocumentKind.nda, None),
        ("保密与不竞争协议\n甲方：……乙方：……", DocumentKind.nda, None),
        ("MUTUAL NON-DISCLOSURE AGREEMENT\nThis Agreement is made between ...", DocumentKind.nda, None),
        ("保密承诺书\n承诺人：张三\n本人承诺……", DocumentKind.pledge, None),
        ("CONFIDENTIALITY UNDERTAKING\nI, the undersigned, hereby undertake to ...", DocumentKind.pledge, None),
        ("信息技术外包服务合同\n乙方为甲方提供系统运维服务和软件开发服务。",
         DocumentKind.service_contract, OutsourcingKind.it),
        ("业务流程外包服务协议\n乙方为甲方提供呼叫中心及数据录入服务。",
         DocumentKind.service_contract, OutsourcingKind.bpo),
        ("人力资源外包服务合同\n乙方负责派遣员工的薪酬发放和社保代缴。",
         DocumentKind.service_contract, OutsourcingKind.hr),
        ("MASTER SERVICES AGREEMENT\nSupplier shall provide hosting services and software development.",
         DocumentKind.service_contract, OutsourcingKind.it),
        ("SERVICES AGREEMENT\nSupplier shall operate a call center and back-office claims processing.",
         DocumentKind.service_contract, OutsourcingKind.bpo),
        ("服务合同\n乙方为甲方提供服务。", DocumentKind.service_contract, None),
    ],
)
def test_detect_kind(text: str, kind: DocumentKind, outsourcing: OutsourcingKind | None) -> None:
    assert detect_kind(text) == (kind, outsourcing)
