"""Rules for values taken from input: names that become paths, and text that goes into documents.

One place decides what a file or folder name from a request, a roster or a ledger may be
(``name_problem``, ``safe_path``), and what a text field may hold (``text_problem``, the
``Text`` type for pydantic models). Requests, rosters and the ledger all use these.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator

from .errors import UnsafeNameError
from .identifiers import mask_resident_ids_in

__all__ = [
    "MAX_NAME_BYTES",
    "MAX_TEXT_CHARS",
    "Text",
    "check_text",
    "name_problem",
    "safe_path",
    "shown",
    "text_problem",
]

# A file name is at most 255 bytes on common file systems; staging adds ".<name>.XXXXXXXX.partial".
MAX_NAME_BYTES = 200
# One text field of a request (a name, an address, one service, a purpose): generous for a paragraph.
MAX_TEXT_CHARS = 2000

_WINDOWS_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(\..*)?$", re.IGNORECASE)
_WINDOWS_FORBIDDEN = set('<>:"|?*')
# Bidirectional embeddings, overrides and isolates: they reorder what a reader sees ("Trojan source").
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


# Every character ``text_problem`` refuses, for one quick search (the reasons are in ``_why``).
_BAD_CHARS = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff" + "".join(sorted(_BIDI_CONTROLS))
    + "".join(f"{chr(p << 16 | 0xFFFE)}{chr(p << 16 | 0xFFFF)}" for p in range(17)) + "]"
)


def _why(ch: str) -> str:
    cat = unicodedata.category(ch)
    if cat == "Cc":
        return "a control character"
    if cat in ("Zl", "Zp"):
        return "a line or paragraph separator"
    if cat == "Cs":
        return "a lone surrogate (broken UTF-16)"
    if ch in _BIDI_CONTROLS:
        return "a bidirectional override"
    return "a Unicode noncharacter"


def text_problem(text: str) -> str | None:
    """Why ``text`` may not be a text field, or ``None`` when it may.

    A text field is one line of printable text: no control characters (not even a line break or a
    tab: in a clause a line break would start a new paragraph or item), no line or paragraph
    separators, no lone surrogates, no bidirectional overrides, no noncharacters (Word's XML cannot
    hold them). The message names the first such character and where it is.
    """
    m = _BAD_CHARS.search(text)
    if m is None:
        return None
    ch = m.group()
    return (f"contains {_why(ch)} (U+{ord(ch):04X}) at character {m.start() + 1}: a text field is one line "
            "of printable text; remove it")


def check_text(value: str, max_chars: int = MAX_TEXT_CHARS) -> str:
    """``value`` unchanged if it has at most ``max_chars`` characters and ``text_problem`` finds nothing;
    else ``ValueError`` saying why (for validators)."""
    if len(value) > max_chars:
        raise ValueError(f"has {len(value):,} characters; a text field has at most {max_chars:,} characters")
    problem = text_problem(value)
    if problem:
        raise ValueError(problem)
    return value


# Every str field of a request is this type: the field is named by pydantic's error location.
Text = Annotated[str, AfterValidator(check_text)]


def shown(value: object, limit: int = 60) -> str:
    """``repr(value)`` for echoing input in a message: cut to ``limit`` characters, ID numbers masked."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and value.bit_length() > 128:
        return f"an integer of about {value.bit_length() * 0.30103:,.0f} digits"  # repr() fails past 4,300
    text = mask_resident_ids_in(repr(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def name_problem(name: str) -> str | None:
    """Why ``name`` may not be one file or folder name, or ``None`` when it may.

    Refused: empty, over ``MAX_NAME_BYTES`` bytes of UTF-8, a separator (``/`` or ``\\``), ``.`` or
    ``..`` or any leading dot (hidden, and the staging folders' own names start with one), a drive
    letter or other ``:``, characters Windows forbids (``<>"|?*``), a trailing dot or space,
    Windows' reserved device names (CON, NUL, COM1…), and whatever ``text_problem`` refuses.
    """
    if not name:
        return "is empty"
    size = len(name.encode("utf-8", "surrogatepass"))
    if size > MAX_NAME_BYTES:
        return f"is {size} bytes long; a file name may have at most {MAX_NAME_BYTES}"
    problem = text_problem(name)
    if problem:
        return problem
    if "/" in name or "\\" in name:
        return "contains a path separator ('/' or '\\'): it must be one name, not a path"
    if name in (".", ".."):
        return "is '.' or '..', which name a folder relative to another"
    if name.startswith("."):
        return "starts with '.' (a hidden name)"
    bad = sorted(_WINDOWS_FORBIDDEN & set(name))
    if bad:
        return f"contains {' '.join(bad)}, not allowed in file names (':' would also be a drive letter)"
    if name[-1] in ". ":
        return "ends with a dot or a space, which Windows drops"
    if _WINDOWS_RESERVED.match(name):
        return "is a device name reserved by Windows (CON, PRN, AUX, NUL, COM1…, LPT1…)"
    return None


def safe_path(root: Path, name: str, *, what: str = "name") -> Path:
    """``root / name``, once ``name`` is proven to be one harmless name that stays under ``root``.

    Every name taken from input (a contract number, a person's name) becomes a path only through
    here. ``what`` says in the message where the name came from (e.g. ``"contract_no"``). Raises
    ``UnsafeNameError`` when ``name_problem`` refuses the name or ``root / name`` is a symbolic link
    (so the resolved path is always directly under the resolved ``root``).
    """
    problem = name_problem(name)
    if problem:
        raise UnsafeNameError(f"{what} {shown(name)} cannot be a file or folder name: it {problem}")
    path = root / name
    # One name, no separator, not '.' or '..': resolving root / name gives resolve(root) / name unless
    # the name is itself a symbolic link. That is the whole proof; resolving would cost ten times more.
    if path.is_symlink():
        raise UnsafeNameError(f"{path}: is a symbolic link, which could lead outside {root}; remove it or choose "
                              "another output folder")
    return path
