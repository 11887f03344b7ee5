"""A review given a library uses that library throughout: its categories, playbooks and its cues (cues.yaml) for the
document's kind and the conditions its words establish, not the shipped library's."""

from __future__ import annotations

import shutil
from pathlib import Path

from clause_library.loader import load_library
from clause_library.resources import shipped
from review.review import review_document


def test_the_cues_are_the_given_librarys(tmp_path: Path) -> None:
    data = tmp_path / "library"
    shutil.copytree(shipped("clause_library", "data"), data)
    cues = data / "cues.yaml"
    text = cues.read_text(encoding="utf-8")
    # This library takes any mention of 客户资料 as personal information entrusted.
    text = text.replace("  named:\n    zh: ['个人信息']", "  named:\n    zh: ['个人信息', '客户资料']", 1)
    text = text.replace("  entrusted:\n    zh: [", "  entrusted:\n    zh: ['客户资料', ", 1)
    cues.write_text(text, encoding="utf-8")
    contract = tmp_path / "contract.txt"
    contract.write_text("服务合同\n第一条 服务内容\n乙方为甲方整理客户资料。\n", encoding="utf-8")
    shipped_review = review_document(contract)
    own_review = review_document(contract, library=load_library(data))
    assert "personal_information_entrusted" not in shipped_review.conditions
    assert "personal_information_entrusted" in own_review.conditions
