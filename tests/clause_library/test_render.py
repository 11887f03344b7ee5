"""Every clause and variant renders in both languages, sandboxed and strict, with sample values."""

from __future__ import annotations

import re

import pytest

from clause_library import Condition, default_library
from clause_library.models import Clause, Lang, VarType
from clause_library.sandbox import make_environment

LIB = default_library()

_PARTY = {
    "name": "示例有限公司 Example Co., Ltd.",
    "uscc": "91110000600037341L",
    "address": "北京市朝阳区示例路1号",
    "representative": "张三",
    "contact": "李四",
    "phone": "010-12345678",
    "email": "legal@example.com",
    "bank_name": "中国工商银行北京分行",
    "bank_account": "0200 0000 0000 0000 000",
}
_SAMPLES: dict[VarType, object] = {
    VarType.text: "示例文本",
    VarType.integer: 30,
    VarType.decimal: "1.5",
    VarType.percent: "6%",
    VarType.money: "人民币1,200,000.00元（大写：人民币壹佰贰拾万元整）",
    VarType.date: "2026年1月1日",
    VarType.party: _PARTY,
    VarType.boolean: True,
    VarType.list: ["第一项服务", "第二项服务"],
    VarType.person: {"name": "王五", "id_masked": "110101********1234", "role": "客服专员",
                     "start_date": "2026年1月1日", "id_number": "11010519491231002X", "position": "销售总监",
                     "phone": "13800000000"},
    VarType.changes: [{"ref": "1.1", "old": "1.1 示例文本", "new": "示例文本"}],
}


def _cases() -> list[tuple[Clause, str | None, Lang, bool]]:
    cases = []
    for clause in LIB.clauses.values():
        for vid, _ in clause.texts():
            for lang in Lang:
                for flag in (False, True):
                    cases.append((clause, vid, lang, flag))
    return cases


@pytest.mark.parametrize(
    ("clause", "variant", "lang", "flag"),
    _cases(),
    ids=lambda x: getattr(x, "id", None) or (x.value if hasattr(x, "value") else str(x)),
)
def test_every_text_renders(clause: Clause, variant: str | None, lang: Lang, flag: bool) -> None:
    env = make_environment()
    values = {name: _SAMPLES[var.type] for name, var in clause.variables.items()}
    cond = {c.value: flag for c in Condition}
    _, title, body = clause.pick(variant)
    for source in (title.get(lang), body.get(lang)):
        text = env.from_string(source).render(values, cond=cond, ref=lambda target: "第九条")
        assert "{{" not in text and "}}" not in text and "{%" not in text
        assert text.strip(), "renders to nothing"
        if lang is Lang.en:
            assert not re.search(r"[\u4e00-\u9fff]", text.replace(_PARTY["name"], "").replace(
                _PARTY["address"], "").replace(_PARTY["bank_name"], "").replace("示例文本", "")
                .replace("第九条", "").replace("人民币1,200,000.00元（大写：人民币壹佰贰拾万元整）", "")
                .replace("2026年1月1日", "").replace("第一项服务", "").replace("第二项服务", "")
                .replace("张三", "").replace("李四", "").replace("王五", "").replace("客服专员", "")
                .replace("销售总监", "")), \
                "Chinese characters in the English text"


@pytest.mark.parametrize(("source", "text"), [
    # A tag alone on its line leaves no empty line.
    ("一、\n{% if x %}\n甲；\n{% endif %}\n二、", "一、\n甲；\n二、"),
    # A line of text ending in a tag keeps its break: the next paragraph is not joined to it.
    ("甲{% if x %}（附条件）{% endif %}\n乙", "甲（附条件）\n乙"),
    ("{% if x %}甲{% else %}丙{% endif %}\n乙", "甲\n乙"),
    ("甲{{ v }}{# a note #}\n乙", "甲1\n乙"),
    # -%} joins on purpose, +%} was already kept.
    ("甲{% if x -%}\n乙{% endif %}", "甲乙"),
    ("甲{% if x +%}\n乙{% endif %}", "甲\n乙"),
])
def test_a_line_ending_in_a_tag_keeps_its_line_break(source: str, text: str) -> None:
    assert make_environment().from_string(source).render(x=True, v=1) == text
