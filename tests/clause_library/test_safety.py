"""The rules for input: names that become paths, text fields; each refused case with its reason."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from clause_library.errors import UnsafeNameError
from clause_library.safety import MAX_TEXT_CHARS, Text, name_problem, safe_path, shown, text_problem

REFUSED_NAMES = [
    ("traversal", "X/../../../victim", "separator"),
    ("parent", "..", "'.' or '..'"),
    ("dot", ".", "'.' or '..'"),
    ("hidden", ".old", "starts with '.'"),
    ("absolute", "/etc/passwd", "separator"),
    ("backslash", "a\\b", "separator"),
    ("drive letter", "C:", ":"),
    ("windows forbidden", "a?b", "?"),
    ("empty", "", "empty"),
    ("too long", "合" * 100, "at most 200"),
    ("reserved", "CON", "reserved by Windows"),
    ("reserved with extension", "nul.docx", "reserved by Windows"),
    ("trailing dot", "name.", "ends with a dot"),
    ("trailing space", "name ", "ends with a dot or a space"),
    ("NUL", "a\x00b", "control character (U+0000)"),
    ("newline", "a\nb", "control character (U+000A)"),
]


@pytest.mark.parametrize(("label", "name", "reason"), REFUSED_NAMES, ids=[c[0] for c in REFUSED_NAMES])
def test_name_problem_refuses(label: str, name: str, reason: str) -> None:
    problem = name_problem(name)
    assert problem is not None and reason in problem


@pytest.mark.parametrize("name", ["IT-2026-0001", "NDA-2026-0042-pack", "0001-张三.docx", "a.b_c", "COM10", "console"])
def test_name_problem_accepts(name: str) -> None:
    assert name_problem(name) is None


def test_safe_path_stays_under_root(tmp_path: Path) -> None:
    assert safe_path(tmp_path, "IT-1") == tmp_path / "IT-1"
    (tmp_path / "real").mkdir()
    os.symlink(tmp_path / "real", tmp_path / "linked")  # --out itself may be a link; what is under it stays there
    for root in (tmp_path / "real", tmp_path / "linked", tmp_path / "new" / "deeper"):
        for name in ("IT-1", "a..b", "．．", "\u2025", "a b", "张三.docx"):
            assert safe_path(root, name).resolve().parent == root.resolve(), (root, name)
    with pytest.raises(UnsafeNameError, match=r"contract_no 'X/\.\./victim' cannot be a file or folder name"):
        safe_path(tmp_path, "X/../victim", what="contract_no")


def test_safe_path_refuses_a_symbolic_link(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(elsewhere, out / "IT-1")
    with pytest.raises(UnsafeNameError, match="symbolic link"):
        safe_path(out, "IT-1")


BAD_TEXT = [
    ("bell", "a\x07b", "control character (U+0007) at character 2"),
    ("tab", "a\tb", "control character (U+0009)"),
    ("line break", "a\nb", "control character (U+000A)"),
    ("C1 NEL", "a\x85", "control character (U+0085)"),
    ("line separator", "a\u2028b", "line or paragraph separator"),
    ("lone surrogate", "a\ud800", "lone surrogate"),
    ("bidi override", "\u202eabc", "bidirectional override"),
    ("noncharacter", "\uffff", "noncharacter"),
    ("plane noncharacter", "\U0010fffe", "noncharacter"),
]


@pytest.mark.parametrize(("label", "text", "reason"), BAD_TEXT, ids=[c[0] for c in BAD_TEXT])
def test_text_problem_refuses(label: str, text: str, reason: str) -> None:
    problem = text_problem(text)
    assert problem is not None and reason in problem


@pytest.mark.parametrize("text", ["北京示例科技股份有限公司", "O'Brien & Sons, Ltd.", "👩\u200d💻 emoji", "", "\ue000"])
def test_text_problem_accepts(text: str) -> None:
    assert text_problem(text) is None


class _M(BaseModel):
    name: Text


def test_text_type_names_the_field_and_bounds_length() -> None:
    with pytest.raises(ValidationError) as info:
        _M(name="a\x1bb")
    err = info.value.errors()[0]
    assert err["loc"] == ("name",) and "control character (U+001B)" in err["msg"]
    with pytest.raises(ValidationError, match=f"at most {MAX_TEXT_CHARS:,} characters"):
        _M(name="x" * (MAX_TEXT_CHARS + 1))


def test_shown_cuts_and_masks_id_numbers() -> None:
    assert shown("x" * 500).endswith("…") and len(shown("x" * 500)) == 60
    assert "11010519491231002X" not in shown("id 11010519491231002X here")
    assert "110105********002X" in shown("id 11010519491231002X here")


def test_shown_names_a_huge_integer_without_printing_it() -> None:
    assert shown(16 ** 100_000) == "an integer of about 120,412 digits"
