"""Fuzz `contracts draft` with mutated requests: the shipped examples with wrong types, missing and extra
keys, control characters, huge numbers, invalid dates, long strings and lists, odd Unicode, path-like
contract numbers, as YAML and as JSON; then YAML text itself (anchors and aliases, duplicate keys,
deep nesting, tags, truncated or corrupted bytes).

The property: a drafted folder with the document and its manifest (exit 0), or exit 2 with a message
naming the request file and nothing written; never a traceback, a hang, a staging folder left behind,
a file outside --out, a full resident ID number echoed, or unbounded memory.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from tests.conftest import EXAMPLES, STANDALONE_PACK, STANDALONE_PLEDGE

from .harness import assert_clear_error, assert_sound, leftovers, run_cli, tree

BASE: dict[str, Any] = {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("*.yaml"))}
DOC_FILES = {"service_contract": "contract.docx", "nda": "nda.docx", "pledge": "pledge.docx"}
_ID = re.compile(r"^[0-9]{17}[0-9Xx]$")
# Folders that a path escaping --out (work/d1/d2/out) would reach; each holds a file that must survive.
VICTIMS = ("victim", "d1/victim", "d1/d2/victim")

PATHLIKE = st.sampled_from([
    "../x", "A/..", "..", ".", "/tmp/x", "X/../../../victim", "X/../../victim", "../victim", "a\\..\\b",
    "a/b", "NUL", "con", " ", "", "x\x00y", "x\ny", "-rf", "~", "$HOME", "a" * 300, "合同/../../victim",
])
# Written into the file as they are, not as a quoted string: what a hand-written request can hold.
RAW_YAML = st.sampled_from([
    "2026-02-30", "2026-13-45", "0000-01-01", "2026-02-29", "9999-12-31", "2026-1-1", "2026-04-01T25:61:00",
    "1" + "0" * 35, "1" + "0" * 4400, "-" + "9" * 5000, "1e999", "-.inf", ".nan", "0x1F", "0o17", "1_000",
    "!!binary aGVsbG8=", "!!set {a, b}", "!!timestamp 2026-13-45", "!foo bar", "!!python/name:os.system",
    "!!float x", "!!int 12x", "~", "[" * 60 + "]" * 60, "{a: " * 40 + "1" + "}" * 40,
])
RAW_JSON = st.sampled_from([
    "1" + "0" * 35, "1" + "0" * 4400, "-" + "9" * 5000, "1e999", "-1e999", "NaN", "Infinity", "-Infinity",
    "0.1e-400", "[" * 60 + "]" * 60, "[" * 5000 + "]" * 5000, '{"a":' * 3000 + "1" + "}" * 3000,
    '"\\ud800"', '"\\udfff\\ud800"', '"\\u0000"', "true", "null",
])
ODD_CHARS = st.sampled_from(["\u202e", "\u200b", "\ufeff", "\U0001f600", "e\u0301", "\uffff", "\u2028", "\u0085",
                             "\x00", "\x07", "\x1b[31m", "\t", "\r", "\x7f", "\ud7ff", "\U0010ffff", "﷽"])


def _text() -> st.SearchStrategy[str]:
    plain = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
    odd = st.lists(st.one_of(ODD_CHARS, st.text(max_size=4, alphabet="ab中文 ")), min_size=1, max_size=6).map("".join)
    long = st.tuples(st.sampled_from(["长", "a", "条款 ", "\u0301"]), st.integers(2_000, 120_000)).map(
        lambda t: t[0] * t[1])
    return st.one_of(plain, odd, long, PATHLIKE)


class Raw(str):
    """A value written into the request text verbatim (see ``_serialise``)."""


def _value(json_out: bool) -> st.SearchStrategy[Any]:
    leaf = st.one_of(
        st.none(), st.booleans(), st.integers(), st.integers(-(10**40), 10**40),
        st.floats(allow_nan=not json_out, allow_infinity=not json_out), st.decimals(allow_nan=False,
                                                                                     allow_infinity=False).map(str),
        st.dates(), st.datetimes(), _text(),
        (RAW_JSON if json_out else RAW_YAML).map(Raw),
    )
    return st.recursive(leaf, lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=6), kids,
                                                                                          max_size=3), max_leaves=6)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*path, i))
    return out


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for k in path:
        data = data[k]
    return data


@st.composite
def mutated(draw: st.DrawFn, json_out: bool) -> tuple[str, Any]:
    """(example name, its data with one to three mutations)."""
    name = draw(st.sampled_from(sorted(BASE)))
    data = copy.deepcopy(BASE[name])
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(data)))
        node = _at(data, path)
        op = draw(st.sampled_from(["replace", "replace", "delete", "extra", "grow", "contract_no", "id_number"]))
        if op == "contract_no" and isinstance(data, dict):
            data["contract_no"] = draw(PATHLIKE)
        elif op == "id_number" and isinstance(data, dict) and isinstance(data.get("pledgor"), dict):
            data["pledgor"]["id_number"] = draw(st.from_regex(r"\A[1-6][0-9]{16}[0-9X]\Z"))
        elif op == "delete" and path:
            del _at(data, path[:-1])[path[-1]]
        elif op == "extra" and isinstance(node, dict):
            node[draw(st.one_of(st.text(max_size=12), st.sampled_from(["kind", "__class__", "<<", "!!", "a.b"])))] = (
                draw(_value(json_out)))
        elif op == "grow" and isinstance(node, list) and node:
            node[:] = node * draw(st.integers(2, 1200 // len(node)))
        elif path:
            _at(data, path[:-1])[path[-1]] = draw(_value(json_out))
        else:
            data = draw(_value(json_out))
    return name, data


def _serialise(data: Any, json_out: bool) -> bytes:
    raws: dict[str, str] = {}

    def swap(node: Any) -> Any:
        if isinstance(node, Raw):
            token = f"RAWTOKEN{len(raws)}X"
            raws[token] = str(node)
            return token
        if isinstance(node, dict):
            return {swap(k) if isinstance(k, str) else k: swap(v) for k, v in node.items()}
        if isinstance(node, list):
            return [swap(v) for v in node]
        if isinstance(node, dt.date | dt.datetime) and json_out:
            return node.isoformat()
        return node

    plain = swap(data)
    if json_out:
        text = json.dumps(plain, ensure_ascii=True)
        for token, raw in raws.items():
            text = text.replace(f'"{token}"', raw)
    else:
        text = yaml.safe_dump(plain, allow_unicode=True, sort_keys=False, width=10_000)
        for token, raw in raws.items():
            text = text.replace(token, raw)
    return text.encode("utf-8", errors="surrogatepass")


def _ids(data: Any) -> list[str]:
    """Every resident-ID-like value under an ``id_number`` key: none may be echoed in full."""
    found: list[str] = []
    if isinstance(data, dict):
        for k, v in data.items():
            if k == "id_number" and isinstance(v, str) and _ID.match(v.strip()):
                found.append(v.strip())
            found += _ids(v)
    elif isinstance(data, list):
        for v in data:
            found += _ids(v)
    return found


def draft_and_check(body: bytes, suffix: str, ids: Sequence[str] = ()) -> None:
    """Draft ``body`` as a request file and check the property; see the module docstring."""
    with tempfile.TemporaryDirectory(prefix="fuzz-draft-") as tmp:
        work = Path(tmp)
        for v in VICTIMS:
            (work / v).mkdir(parents=True)
            (work / v / "keep.txt").write_text("keep", encoding="utf-8")
        req = work / f"request{suffix}"
        req.write_bytes(body)
        out = work / "d1" / "d2" / "out"
        before = tree(work)
        o = run_cli(["draft", req, "--out", out], cwd=work)
        assert_sound(o, codes=(0, 2))
        assert not leftovers(work), f"left behind: {leftovers(work)}\n{o}"
        after = tree(work)
        outside = {p: s for p, s in after.items() if not (p == "d1/d2/out" or p.startswith("d1/d2/out/"))}
        assert outside == before, f"changed outside --out: {sorted(set(outside.items()) ^ set(before.items()))}\n{o}"
        for i in ids:
            assert i not in o.output, f"a full resident ID number was echoed:\n{o}"
        written = tree(out)
        if o.code == 0:
            folders = [p for p in written if "/" not in p]
            assert len(folders) == 1 and written[folders[0]] == -1, f"expected one folder in --out: {written}\n{o}"
            names = sorted(p.split("/", 1)[1] for p in written if "/" in p)
            assert len(names) == 2 and "manifest.json" in names and set(names) & set(DOC_FILES.values()), (
                f"expected the document and its manifest: {names}\n{o}")
        else:
            assert_clear_error(o, req.name)
            assert not [p for p, s in written.items() if s >= 0], f"exit 2 but files were written: {written}\n{o}"


@given(mutated(json_out=False))
def test_mutated_yaml_request(case: tuple[str, Any]) -> None:
    _, data = case
    draft_and_check(_serialise(data, json_out=False), ".yaml", _ids(data))


@given(mutated(json_out=True))
def test_mutated_json_request(case: tuple[str, Any]) -> None:
    _, data = case
    draft_and_check(_serialise(data, json_out=True), ".json", _ids(data))


@given(st.sampled_from(sorted(BASE)), st.sampled_from(["truncate", "insert", "bom", "tabs", "utf16", "crlf", "nul"]),
       st.integers(0, 10**6), st.binary(min_size=1, max_size=8))
def test_yaml_bytes_corrupted(name: str, how: str, where: int, junk: bytes) -> None:
    body = (EXAMPLES / name).read_bytes()
    at = where % (len(body) + 1)
    body = {
        "truncate": body[:at],
        "insert": body[:at] + junk + body[at:],
        "bom": b"\xef\xbb\xbf" + body,
        "tabs": body.replace(b"  ", b"\t"),
        "utf16": body.decode("utf-8").encode("utf-16"),
        "crlf": body.replace(b"\n", b"\r\n"),
        "nul": body[:at] + b"\x00" + body[at:],
    }[how]
    draft_and_check(body, ".yaml")


@given(st.sampled_from(sorted(BASE)), st.data())
def test_yaml_duplicate_key_is_refused(name: str, data: st.DataObject) -> None:
    """A key given twice is an error, not the last value silently winning."""
    key = data.draw(st.sampled_from([k for k in BASE[name] if k not in ("kind",)]))
    body = (EXAMPLES / name).read_bytes() + f"\n{key}: {json.dumps(BASE[name][key], default=str)}\n".encode()
    with tempfile.TemporaryDirectory(prefix="fuzz-dup-") as tmp:
        req = Path(tmp) / "request.yaml"
        req.write_bytes(body)
        o = run_cli(["draft", req, "--out", Path(tmp) / "out"], cwd=Path(tmp))
        assert_clear_error(o, req.name)
        assert key in o.stderr, f"the message does not name the duplicated key {key!r}:\n{o}"


@example(9, 9, "list")
@given(st.integers(2, 9), st.integers(2, 12), st.sampled_from(["list", "map"]))
def test_yaml_alias_expansion_is_bounded(depth: int, width: int, shape: str) -> None:
    """Nested anchors (a 'billion laughs' when deep and wide) are refused or bounded before they expand."""
    lines = ['a0: &a0 "lol"']
    for i in range(1, depth + 1):
        refs = ", ".join([f"*a{i - 1}"] * width)
        lines.append(f"a{i}: &a{i} [{refs}]" if shape == "list" else
                     f"a{i}: &a{i} {{{', '.join(f'k{j}: *a{i - 1}' for j in range(width))}}}")
    base = STANDALONE_PLEDGE.read_text(encoding="utf-8")
    anchors = "\n".join(["x-anchors:"] + [f"  {line}" for line in lines]) + "\n"
    body = anchors + base.replace("project_name: 客户服务热线外包", f"project_name: *a{depth}")
    draft_and_check(body.encode("utf-8"), ".yaml")


@example(5000, ".json", "[")
@given(st.integers(50, 20_000), st.sampled_from([".json", ".yaml"]), st.sampled_from(["[", "{"]))
def test_deep_nesting(depth: int, suffix: str, bracket: str) -> None:
    """Deeply nested lists or objects are refused with a message, not a RecursionError."""
    inner = "[" * depth + "]" * depth if bracket == "[" else '{"a":' * depth + "1" + "}" * depth
    body = '{"kind": "pledge", "contract_no": "X-1", "extra": ' + inner + "}"
    draft_and_check(body.encode("utf-8"), suffix)


def test_the_examples_draft() -> None:
    """The unmutated examples pass the same check, so the property can tell a result from an error."""
    pledge = STANDALONE_PLEDGE.read_text(encoding="utf-8")
    draft_and_check(pledge.encode("utf-8"), ".yaml", _ids(yaml.safe_load(pledge)))
    draft_and_check(_serialise(BASE["nda_mutual_en.yaml"], json_out=True), ".json")


@pytest.mark.parametrize("command", ["draft", "nda-pack", "review"])
@pytest.mark.parametrize("kind", ["file", "under_file", "dangling_link", "fifo"])
def test_odd_out(warm: dict[str, Path], kind: str, command: str) -> None:
    """--out that is a file, lies under a file, is a dangling link or a pipe: a message naming it, or a
    result inside it; never a traceback, and the file in the way is left as it was."""
    import os

    with tempfile.TemporaryDirectory(prefix="fuzz-out-") as tmp:
        work = Path(tmp)
        blocker = work / "taken"
        blocker.write_text("keep", encoding="utf-8")
        roster = work / "staff.csv"
        roster.write_text("姓名,身份证号,岗位,入场日期\n林晓,110101199003071233,客服专员,2026-05-01\n",
                          encoding="utf-8")
        out = {"file": blocker, "under_file": blocker / "out", "dangling_link": work / "link",
               "fifo": work / "fifo"}[kind]
        if kind == "dangling_link":
            out.symlink_to(work / "nowhere" / "out")
        if kind == "fifo":
            os.mkfifo(out)
        args = {"draft": ["draft", STANDALONE_PLEDGE],
                "nda-pack": ["nda-pack", STANDALONE_PACK, "--roster", roster],
                "review": ["review", warm["pledge_zh.yaml"], "--format", "md"]}[command]
        o = run_cli([*args, "--out", out], cwd=work)
        assert_sound(o)
        assert blocker.read_text(encoding="utf-8") == "keep", f"the file in the way was changed:\n{o}"
        assert not leftovers(work), f"left behind: {leftovers(work)}\n{o}"
        if o.code == 2:
            assert_clear_error(o, out.name)


@example("!!float x", "confidentiality_years")
@given(st.sampled_from(["!!float x", "!!int 12x", "!!timestamp 2026-13-45", "!!binary ###", "!!bool maybe",
                        "!!float", "!!int"]),
       st.sampled_from(["", "confidentiality_years", "contract_no", "project_name"]))
def test_yaml_tag_with_a_bad_value(tagged: str, key: str) -> None:
    """An explicit tag whose value does not fit it, as the whole document or as one field's value."""
    base = STANDALONE_PLEDGE.read_text(encoding="utf-8")
    body = f"{tagged}\n" if not key else re.sub(rf"(?m)^{key}: .*$", f"{key}: {tagged}", base)
    draft_and_check(body.encode("utf-8"), ".yaml")


@pytest.mark.parametrize("number", ["NUL", "con", "COM1", "LPT9"])
def test_contract_no_a_device_name(number: str) -> None:
    base = STANDALONE_PLEDGE.read_text(encoding="utf-8")
    body = re.sub(r"(?m)^contract_no: .*$", f"contract_no: {number}", base)
    draft_and_check(body.encode("utf-8"), ".yaml")
