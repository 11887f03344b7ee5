"""A clause required only under a condition says which condition made it required."""

from __future__ import annotations

from pathlib import Path

from clause_library.models import Condition, DocumentKind, OutsourcingKind
from review.review import review_document

TEXT = """信息技术服务合同

甲方：北京甲公司
乙方：上海乙公司

第一条 服务内容
乙方向甲方提供系统运维服务。

第二条 争议解决
争议提交北京仲裁委员会仲裁。
"""


def _missing(tmp_path: Path, condition: Condition) -> list[tuple[str, str]]:
    path = tmp_path / "c.txt"
    path.write_text(TEXT, encoding="utf-8")
    report = review_document(path, kind=DocumentKind.service_contract, outsourcing=OutsourcingKind.it,
                             conditions=[condition])
    return [(f.message_zh, f.message_en) for f in report.findings
            if f.check == "missing_category" and f.category == "data_protection"]


def test_the_reason_names_the_condition(tmp_path: Path) -> None:
    (zh, en), = _missing(tmp_path, Condition.system_access)
    assert "乙方接触甲方系统或数据" in zh and "access to the client's systems" in en
    assert "委托处理个人信息" not in zh and "entrusted" not in en
    (zh, en), = _missing(tmp_path, Condition.personal_information_entrusted)
    assert "涉及委托处理个人信息" in zh and "personal information is entrusted" in en
