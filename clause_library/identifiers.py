"""Check digits of Chinese identifiers: the Unified Social Credit Code and the resident ID number."""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["mask_resident_id", "mask_resident_ids_in", "resident_id_problem", "uscc_problem"]

# GB 32100-2015: 18 characters from this alphabet (no I, O, Z, S, V); the last is a check character.
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_SHAPE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")

# GB 11643-1999: 17 digits then a check character (0-9 or X), ISO 7064 MOD 11-2.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")
_ID_ANYWHERE = re.compile(r"(?<!\d)\d{17}[\dXx](?![\dXx])")


def uscc_problem(code: str) -> str | None:
    """Why ``code`` is not a valid Unified Social Credit Code, or ``None`` when it is."""
    code = code.strip().upper()
    if len(code) != 18:
        return f"a Unified Social Credit Code has 18 characters, this has {len(code)}"
    if not _USCC_SHAPE.match(code):
        return "a Unified Social Credit Code uses digits and capitals other than I, O, Z, S, V"
    total = sum(_USCC_ALPHABET.index(ch) * w for ch, w in zip(code[:17], _USCC_WEIGHTS, strict=True))
    expected = _USCC_ALPHABET[(31 - total % 31) % 31]
    if code[17] != expected:
        return f"check character is {code[17]!r} but should be {expected!r} (GB 32100-2015): mistyped?"
    return None


def resident_id_problem(number: str) -> str | None:
    """Why ``number`` is not a valid 18-digit resident ID number, or ``None`` when it is."""
    number = number.strip().upper()
    if len(number) != 18:
        return f"a resident ID number has 18 characters, this has {len(number)}"
    if not _ID_SHAPE.match(number):
        return "a resident ID number is 17 digits and a final digit or X"
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        # The digits are not repeated: the masked number shown beside this message hides them (PIPL).
        return "the date of birth (characters 7-14, YYYYMMDD) is not a real date"
    if born.year < 1900 or born > dt.date(2100, 1, 1):
        return "the date of birth (characters 7-14, YYYYMMDD) is before 1900 or after 2100"
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    expected = _ID_CHECK[total % 11]
    if number[17] != expected:
        return f"check digit is {number[17]!r} but should be {expected!r} (GB 11643-1999): mistyped?"
    return None


def mask_resident_id(number: str) -> str:
    """``110101199003071234`` → ``110101********1234``: region kept, birth date hidden (PIPL minimum)."""
    number = number.strip().upper()
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_resident_ids_in(text: str) -> str:
    """``text`` with every 18-character run shaped like a resident ID number masked (for messages)."""
    return _ID_ANYWHERE.sub(lambda m: mask_resident_id(m.group()), text)
