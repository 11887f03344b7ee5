"""review-eval scores the kind and outsourcing columns and counts false "missing clause" blockers."""

from __future__ import annotations

from pathlib import Path

import pytest

from clause_library.errors import DocumentReadError
from review.evaluate import evaluate, render_table

NDA = """保密协议
甲方：某某科技有限公司　乙方：某某信息有限公司
第一条 保密信息 本协议所称保密信息是指甲方以任何形式披露的技术信息和经营信息。
第二条 保密义务 乙方应对保密信息严格保密，未经甲方书面同意不得向任何第三方披露。
第三条 适用法律 本协议适用中华人民共和国法律。
甲方（盖章）：　乙方（盖章）：
"""
PAYROLL = """人力资源外包服务合同
甲方：某某银行股份有限公司　乙方：某某人力资源有限公司
第一条 服务内容 乙方为甲方提供薪酬代发、社保代理和招聘服务。
"""


def test_kind_and_outsourcing_columns_are_scored(tmp_path: Path) -> None:
    (tmp_path / "nda.txt").write_text(NDA, encoding="utf-8")
    (tmp_path / "hr.txt").write_text(PAYROLL, encoding="utf-8")
    labels = tmp_path / "labels.csv"
    # the payroll contract is labelled bpo on purpose: the reviewer reads hr, so one is wrong
    labels.write_text("file,kind,outsourcing,service_scope,confidentiality_obligations\n"
                      "nda.txt,nda,,0,1\nhr.txt,service_contract,bpo,1,0\n", encoding="utf-8")
    report = evaluate(labels, workers=1)
    by = {k.column: k for k in report.kinds}
    assert (by["kind"].documents, by["kind"].right) == (2, 2)
    assert (by["outsourcing"].documents, by["outsourcing"].right) == (1, 0)  # the NDA has no outsourcing kind
    assert by["outsourcing"].wrong == ["hr.txt: bpo → hr"]
    assert report.unknown_columns == []
    assert not any(b.startswith("hr.txt: service_scope") for b in report.false_blockers)
    table = render_table(report)
    assert "kind: 2/2 right" in table and "outsourcing: 0/1 right" in table
    assert "false 'mandatory clause missing' blockers" in table


def test_a_false_blocker_is_counted(tmp_path: Path) -> None:
    (tmp_path / "hr.txt").write_text(PAYROLL, encoding="utf-8")
    labels = tmp_path / "labels.csv"
    # labelled as having a price clause it does not have: the reviewer's blocker is "false" by the labels
    labels.write_text("file,kind,outsourcing,price\nhr.txt,service_contract,hr,1\n", encoding="utf-8")
    report = evaluate(labels, workers=1)
    assert "hr.txt: price" in report.false_blockers


def test_a_bad_kind_value_names_line_and_column(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(NDA, encoding="utf-8")
    labels = tmp_path / "labels.csv"
    labels.write_text("file,kind\na.txt,contract\n", encoding="utf-8")
    with pytest.raises(DocumentReadError,
                       match=r"line 2, column 'kind': expected one of [a-z_, ]*nda, pledge, [a-z_, ]*service_contract"):
        evaluate(labels, workers=1)
