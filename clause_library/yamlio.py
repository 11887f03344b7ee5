"""Read YAML safely into strict models, keeping line numbers so every error says where it is."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import Problem

__all__ = ["YamlDoc", "format_loc", "read_yaml", "validate_at"]

M = TypeVar("M", bound=BaseModel)

MAX_YAML_BYTES = 5 * 1024 * 1024


class YamlDoc:
    """A parsed YAML file: its data and the line of every node, by path of keys and indexes."""

    def __init__(self, path: Path, data: Any, lines: dict[tuple[Any, ...], int]) -> None:
        self.path = path
        self.data = data
        self._lines = lines

    def line(self, loc: Sequence[Any]) -> int | None:
        """The 1-based line of the node at ``loc``, or of its nearest ancestor; ``None`` if unknown."""
        key = tuple(loc)
        while True:
            if key in self._lines:
                return self._lines[key]
            if not key:
                return None
            key = key[:-1]


def _walk(node: yaml.Node, path: tuple[Any, ...], out: dict[tuple[Any, ...], int]) -> None:
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode):
                out[(*path, k.value)] = k.start_mark.line + 1
                _walk(v, (*path, k.value), out)
                out[(*path, k.value)] = k.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _walk(v, (*path, i), out)


# libyaml's loader where PyYAML was built with it: the same safe constructors, several times faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse(text: str) -> tuple[yaml.Node | None, Any]:
    """Parse once: the node tree (for line numbers) and the data constructed from that same tree."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return node, data


def read_yaml(path: Path, text: str | None = None) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse ``path`` (or ``text``) with the safe loader; on a syntax error return the problem."""
    name = str(path)
    try:
        if text is None:
            if path.stat().st_size > MAX_YAML_BYTES:
                return None, [Problem(name, f"larger than {MAX_YAML_BYTES} bytes; split it")]
            text = path.read_text(encoding="utf-8")
        node, data = _parse(text)
    except UnicodeDecodeError as e:
        return None, [Problem(name, f"not UTF-8 text ({e.reason}); save the file as UTF-8")]
    except OSError as e:
        return None, [Problem(name, f"cannot be read: {e.strerror or e}")]
    except yaml.MarkedYAMLError as e:
        line = e.problem_mark.line + 1 if e.problem_mark else None
        return None, [Problem(name, f"YAML syntax error: {e.problem or e}", line=line)]
    except yaml.YAMLError as e:
        return None, [Problem(name, f"YAML error: {e}")]
    lines: dict[tuple[Any, ...], int] = {}
    if node is not None:
        _walk(node, (), lines)
    return YamlDoc(path, data, lines), []


def format_loc(loc: Sequence[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def validate_at(
    model: type[M], data: Any, doc: YamlDoc, loc: tuple[Any, ...] = ()
) -> tuple[M | None, list[Problem]]:
    """Validate ``data`` (found at ``loc`` in ``doc``) as ``model``; problems carry lines and fields."""
    try:
        return model.model_validate(data), []
    except ValidationError as e:
        problems = []
        for err in e.errors():
            full = loc + tuple(err["loc"])
            msg = err["msg"]
            if err["type"] == "extra_forbidden":
                msg = f"unknown key {err['loc'][-1]!r} (misspelt? see the model's fields)"
            elif err["type"] == "missing" and err["loc"] and err["loc"][-1] in ("zh", "en"):
                msg = f"missing translation: no {err['loc'][-1]!r} text"
            elif err["type"] == "missing":
                msg = "required field missing"
            elif "input" in err and not isinstance(err["input"], dict | list):
                msg += f" (found {err['input']!r})"
            problems.append(
                Problem(str(doc.path), msg, line=doc.line(full), field=format_loc(full))
            )
        return None, problems
