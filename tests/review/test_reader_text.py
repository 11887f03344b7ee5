"""Reading .txt into blocks: paragraphs split at blank lines, and the encoding found."""

from __future__ import annotations

from pathlib import Path

import pytest

from review.reader import decode_text, read_document


def test_gbk_text_with_blank_line_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "合同.txt"
    path.write_bytes("第一条 保密\n乙方应当对甲方的信息\n严格保密。\n\n第二条 期限\n两年。\n".encode("gbk"))
    result = read_document(path)
    assert [(b.text, b.location) for b in result.blocks] == [
        ("第一条 保密", "line 1"),
        ("乙方应当对甲方的信息严格保密。", "line 2"),
        ("第二条 期限", "line 5"),
        ("两年。", "line 6"),
    ]
    assert result.warnings == ["text decoded as gb18030"]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("保密".encode(), "utf-8"),
        ("\ufeff保密".encode(), "utf-8-sig"),
        ("\ufeff保密".encode("utf-16-le"), "utf-16"),
        ("保密".encode("gb18030"), "gb18030"),
    ],
)
def test_text_encodings(data: bytes, encoding: str) -> None:
    assert decode_text(data) == ("保密", encoding)
