"""Read JSON input within limits: size before reading, nesting depth, duplicate keys, overlong numbers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import Problem
from .yamlio import MAX_YAML_BYTES, MAX_YAML_DEPTH

__all__ = ["MAX_JSON_BYTES", "MAX_JSON_DEPTH", "MAX_NUMBER_DIGITS", "read_json"]

MAX_JSON_BYTES = MAX_YAML_BYTES
MAX_JSON_DEPTH = MAX_YAML_DEPTH
# Python refuses to build integers of more than 4,300 digits; nothing here needs more than this.
MAX_NUMBER_DIGITS = 40


class _Refused(ValueError):
    """Raised by the parser's hooks: the message says what was refused."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Refused(f"key {key!r} appears twice in one object: keep one")
        out[key] = value
    return out


def _short(text: str) -> str:
    if len(text) > MAX_NUMBER_DIGITS:
        raise _Refused(f"a number with {len(text):,} characters: numbers have at most {MAX_NUMBER_DIGITS}")
    return text


def _int(text: str) -> int:
    return int(_short(text))


def _float(text: str) -> float:
    return float(_short(text))


def _constant(name: str) -> Any:
    raise _Refused(f"{name} is not a JSON number: give a finite number")


def _depth(data: Any) -> int:
    deepest = 0
    stack = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in (node.values() if isinstance(node, dict) else node))
    return deepest


def read_json(
    path: Path, *, max_bytes: int = MAX_JSON_BYTES, max_depth: int = MAX_JSON_DEPTH
) -> tuple[Any, list[Problem]]:
    """Parse the JSON file ``path``; return its data, or ``None`` and the problem (with line when known).

    Refused: files over ``max_bytes`` (checked before reading), nesting deeper than ``max_depth``,
    a key repeated in one object, numbers over ``MAX_NUMBER_DIGITS`` characters, NaN and Infinity.
    """
    name = str(path)
    try:
        with path.open("rb") as f:
            raw = f.read(max_bytes + 1)
        if len(raw) > max_bytes:
            return None, [Problem(name, f"larger than {max_bytes:,} bytes; split it")]
        text = raw.decode("utf-8-sig")
        data = json.loads(text, object_pairs_hook=_pairs, parse_int=_int, parse_float=_float,
                          parse_constant=_constant)
    except OSError as e:
        return None, [Problem(name, f"cannot be read: {e.strerror or e}")]
    except UnicodeDecodeError as e:
        return None, [Problem(name, f"not UTF-8 text ({e.reason}); save the file as UTF-8")]
    except json.JSONDecodeError as e:
        return None, [Problem(name, f"not valid JSON: {e.msg} (column {e.colno})", line=e.lineno)]
    except _Refused as e:
        return None, [Problem(name, str(e))]
    except RecursionError:
        return None, [Problem(name, f"nested more than {max_depth} levels deep")]
    if _depth(data) > max_depth:
        return None, [Problem(name, f"nested more than {max_depth} levels deep")]
    return data, []
