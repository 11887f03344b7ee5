"""Word list labels (format_number): each numFmt in its range, and a short label beyond it."""

from __future__ import annotations

import pytest

from review.docx_numbering import format_number


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [
        (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (12, "chineseCounting", "十二"),
        (20, "chineseCountingThousand", "二十"), (105, "chineseCountingThousand", "一百零五"),
        (3, "chineseLegalSimplified", "叁"), (12, "ideographDigital", "一二"),
        (4, "upperRoman", "IV"), (28, "lowerLetter", "bb"), (3, "decimalEnclosedCircle", "③"),
        (2, "ideographTraditional", "乙"), (7, "decimal", "7"), (7, "decimalZero", "07"),
    ],
)  # fmt: skip
def test_number_formats(n: int, fmt: str, expected: str) -> None:
    assert format_number(n, fmt) == expected


_FORMATS = ["decimal", "chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographDigital",
            "ideographTraditional", "ideographZodiac", "upperRoman", "lowerRoman", "upperLetter", "lowerLetter",
            "decimalZero", "decimalFullWidth", "decimalEnclosedCircle", "decimalEnclosedParen", "ordinal",
            "ordinalText", "cardinalText", "japaneseCounting", "none", "bullet", "unknownFormat"]


@pytest.mark.parametrize("fmt", _FORMATS)
def test_number_formats_beyond_their_range(fmt: str) -> None:
    # A list of 703 (or a w:start of 10^12) items still gets a label, and a short one.
    for n in [-5, 0, 1, 26, 27, 702, 703, 781, 4_000, 10_000, 99_999_999, 100_000_000, 10**12]:
        label = format_number(n, fmt)
        assert isinstance(label, str) and len(label) <= 40, (n, fmt, label[:50])
