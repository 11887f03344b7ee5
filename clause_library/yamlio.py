"""Read YAML safely into strict models, keeping line numbers so every error says where it is."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import Problem
from .safety import shown

__all__ = ["MAX_YAML_BYTES", "MAX_YAML_DEPTH", "MAX_YAML_NODES", "YamlDoc", "dump_yaml", "explain", "format_loc",
           "read_yaml", "validate_at"]

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


MAX_YAML_DEPTH = 32
MAX_YAML_NODES = 100_000


def _walk(root: yaml.Node, lines: dict[tuple[Any, ...], int]) -> list[Problem]:
    """Record the line of every node (iteratively: depth is bounded, but not by Python's stack).

    Returns the duplicate keys found: YAML's loader would silently keep the last value.
    """
    problems: list[Problem] = []
    stack: list[tuple[yaml.Node, tuple[Any, ...]]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for k, v in node.value:
                if not isinstance(k, yaml.ScalarNode):
                    continue
                line = k.start_mark.line + 1
                if k.value in seen:
                    problems.append(Problem("", f"key {k.value!r} appears twice in one mapping (lines "
                                                f"{seen[k.value]} and {line}): keep one", line=line,
                                            field=format_loc((*path, k.value))))
                    continue
                seen[k.value] = line
                lines[(*path, k.value)] = line
                stack.append((v, (*path, k.value)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((v, (*path, i)) for i, v in enumerate(node.value))
    return problems


# Timestamps and integers the standard constructors cannot build (2026-02-30, 5,000 digits) stay
# strings, so that model validation reports them with their field and line instead of a traceback.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader (libyaml's where PyYAML was built with it: several times faster)."""


def _lenient(construct: Any) -> Any:
    def build(loader: Any, node: yaml.ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except ValueError:
            return loader.construct_scalar(node)
    return build


for _tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:timestamp"):
    _Loader.add_constructor(_tag, _lenient(yaml.SafeLoader.yaml_constructors[_tag]))


def _screen(text: str, max_depth: int, max_nodes: int) -> Problem | None:
    """Refuse aliases, deep nesting and too many nodes from the event stream, before anything is built.

    An alias makes a tree of a graph: a few hundred bytes of nested anchors expand to gigabytes.
    libyaml's composer recurses per level (100,000 levels crash the process).
    """
    depth = nodes = 0
    for event in yaml.parse(text, Loader=_Loader):
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, yaml.AliasEvent):
            return Problem("", f"YAML alias *{event.anchor} (a reference to an &anchor): not allowed in these "
                               "files; write the value out", line=line)
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > max_nodes:
                return Problem("", f"more than {max_nodes:,} values: too large; split it", line=line)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > max_depth:
                return Problem("", f"nested more than {max_depth} levels deep", line=line)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


class _TagMismatch(Exception):
    """A value with an explicit tag it cannot hold (``!!float x``); ``line`` is 1-based or ``None``."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


def _misfit_line(node: yaml.Node) -> int | None:
    """The line of the first scalar whose tag's constructor refuses it, or ``None`` if none is found."""
    probe = yaml.SafeLoader("")
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.ScalarNode):
            construct = probe.yaml_constructors.get(n.tag)
            try:
                if construct is not None:
                    construct(probe, n)
            except (ValueError, TypeError, LookupError, ArithmeticError, yaml.YAMLError):
                return n.start_mark.line + 1
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(reversed(n.value))
        elif isinstance(n, yaml.MappingNode):
            stack.extend(v for pair in reversed(n.value) for v in reversed(pair))
    return None


def _parse(text: str) -> tuple[yaml.Node | None, Any]:
    """Parse once: the node tree (for line numbers) and the data constructed from that same tree."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        try:
            data = loader.construct_document(node)
        except (ValueError, TypeError, LookupError, ArithmeticError) as e:
            # PyYAML's constructors raise plain errors for an explicit tag its value cannot hold.
            raise _TagMismatch(f"a value does not fit its explicit tag ({e}); remove the tag (e.g. !!float)",
                               _misfit_line(node)) from e
    finally:
        loader.dispose()
    return node, data


def read_yaml(
    path: Path, text: str | None = None, *, max_bytes: int = MAX_YAML_BYTES, max_depth: int = MAX_YAML_DEPTH,
    max_nodes: int = MAX_YAML_NODES,
) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse ``path`` (or ``text``) with the safe loader; on a syntax error return the problem.

    Refused, each as a problem with its line: files over ``max_bytes``, aliases, nesting deeper than
    ``max_depth``, more than ``max_nodes`` values, and a key repeated in one mapping.
    """
    name = str(path)
    try:
        if text is None:
            if path.stat().st_size > max_bytes:
                return None, [Problem(name, f"larger than {max_bytes:,} bytes; split it")]
            text = path.read_text(encoding="utf-8")
        screened = _screen(text, max_depth, max_nodes)
        if screened is not None:
            return None, [Problem(name, screened.message, line=screened.line)]
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
    except _TagMismatch as e:
        return None, [Problem(name, str(e), line=e.line)]
    lines: dict[tuple[Any, ...], int] = {}
    if node is not None:
        dups = _walk(node, lines)
        if dups:
            return None, [Problem(name, p.message, line=p.line, field=p.field) for p in dups]
    return YamlDoc(path, data, lines), []


def dump_yaml(data: Any) -> str:
    """``data`` (mappings, lists, text, numbers, true/false, dates) as YAML that ``read_yaml`` reads back as the
    same data: block style, keys in the order given, Chinese written as it is, no line folded, and a text YAML
    would read as a number, date or yes/no quoted (PyYAML's safe dumper does that)."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1 << 16)


def format_loc(loc: Sequence[Any]) -> str:
    """``("a", 0, "b")`` → ``a[0].b``; pydantic's validator steps (``function-after[…]``) left out."""
    out = ""
    for part in loc:
        if isinstance(part, str) and part.startswith("function-"):
            continue
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def explain(err: Any, *, unknown: str = "not one of the fields here",
            missing: Callable[[tuple[Any, ...]], str | None] | None = None) -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) said for people: the one wording of the
    library's YAML, of requests in YAML and of requests in JSON. ``unknown`` ends the message of an unknown
    field (what else it may be); ``missing`` may say more of a missing field (``None``: nothing more)."""
    kind, loc = err["type"], tuple(err["loc"])
    if kind == "extra_forbidden":
        return f"unknown field {loc[-1]!r}: misspelt, or {unknown}"
    if kind == "missing":
        if loc and loc[-1] in ("zh", "en"):
            return f"missing translation: no {loc[-1]!r} text"
        return (missing(loc) if missing else None) or "required, missing"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        ctx = err.get("ctx") or {}
        return f"{ctx.get('discriminator', 'the tag')} must be one of: {ctx.get('expected_tags', '?')}"
    msg = str(err["msg"]).removeprefix("Value error, ")
    if "input" in err and not isinstance(err["input"], dict | list):
        msg += f" (found {shown(err['input'])})"
    return msg


def validate_at(
    model: type[M], data: Any, doc: YamlDoc, loc: tuple[Any, ...] = (), *, unknown: str = "not one of the fields here",
    missing: Callable[[tuple[Any, ...]], str | None] | None = None,
) -> tuple[M | None, list[Problem]]:
    """Validate ``data`` (found at ``loc`` in ``doc``) as ``model``; problems carry lines and fields, said by
    ``explain`` (``unknown`` and ``missing``: see there)."""
    try:
        return model.model_validate(data), []
    except ValidationError as e:
        return None, [Problem(str(doc.path), explain(err, unknown=unknown, missing=missing),
                              line=doc.line(loc + tuple(err["loc"])), field=format_loc(loc + tuple(err["loc"])))
                      for err in e.errors()]
