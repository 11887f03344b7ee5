"""Bad requests: each gives a clear message naming the field, a non-zero exit, and no file."""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from clause_library.errors import RequestError
from clause_library.loader import Library
from contracts.cli import app
from generator.draft import draft
from tests.conftest import EXAMPLES, STANDALONE_PLEDGE, example_request

BASE = example_request("it_contract_zh.yaml")


def _set(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(data)
    node: Any = data
    keys = path.split(".")
    for k in keys[:-1]:
        node = node[int(k)] if k.isdigit() else node[k]
    last = keys[-1]
    if value is _DELETE:
        del node[last]
    elif last.isdigit():
        node[int(last)] = value
    else:
        node[last] = value
    return data


_DELETE = object()

CASES = [
    ("wrong type", "price.amount", "lots", "price.amount"),
    ("missing field", "client", _DELETE, "client"),
    ("bad USCC", "vendor.uscc", "91310000MA1FL1MN1X", "vendor.uscc"),
    ("schedule not 100%", "payment_schedule.0.percent", 20, "payment_schedule"),
    ("end before start", "term", {"start": "2027-01-01", "end": "2026-01-01"}, "term"),
    ("unknown variant", "variants", {"liability_cap": "generous"}, "variants.liability_cap"),
    ("unknown key", "colour", "blue", "colour"),
    ("value of wrong type for a clause", "values", {"payment_days": "soon"}, "values.payment_days"),
]


@pytest.mark.parametrize(("label", "path", "value", "field"), CASES, ids=[c[0] for c in CASES])
def test_bad_request_names_field_and_writes_nothing(
    tmp_path: Path, label: str, path: str, value: Any, field: str
) -> None:
    req = tmp_path / "req.yaml"
    req.write_text(yaml.safe_dump(_set(BASE, path, value), allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(RequestError) as info:
        draft(req, out)
    assert any(p.field and p.field.startswith(field) for p in info.value.problems), str(info.value)
    assert not out.exists() or not any(out.iterdir()), "a failed draft left files behind"
    result = CliRunner().invoke(app, ["draft", str(req), "--out", str(out)])
    assert result.exit_code != 0


def test_clause_needing_a_value_the_request_lacks(library: Library) -> None:
    from generator.assemble import assemble
    from generator.request import parse_request

    req = parse_request(BASE)
    used = [a.clause_id for a in assemble(library, req).articles]
    clause, name = next((library.clauses[c], n) for c in used for n, v in library.clauses[c].variables.items()
                        if v.default is not None)
    needy = clause.model_copy(update={"variables": {
        **clause.variables, name: clause.variables[name].model_copy(update={"default": None})}})
    lib = copy.copy(library)
    lib.clauses = {**library.clauses, clause.id: needy}
    with pytest.raises(RequestError) as info:
        assemble(lib, req)
    assert any(p.field == f"values.{name}" for p in info.value.problems), str(info.value)


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    req = tmp_path / "req.yaml"
    req.write_text("kind: service_contract\nclient: {name: [unclosed\n", encoding="utf-8")
    with pytest.raises(RequestError) as info:
        draft(req, tmp_path / "out")
    assert info.value.problems[0].line is not None


def test_same_request_same_bytes(tmp_path: Path) -> None:
    a = draft(EXAMPLES / "it_contract_zh.yaml", tmp_path / "a")
    b = draft(EXAMPLES / "it_contract_zh.yaml", tmp_path / "b")
    for fa, fb in zip(a.files, b.files, strict=True):
        assert hashlib.sha256(fa.read_bytes()).hexdigest() == hashlib.sha256(fb.read_bytes()).hexdigest(), fa.name


def test_pledge_hash_does_not_give_away_the_full_id(tmp_path: Path) -> None:
    import json

    from generator.request import load_request

    req = load_request(STANDALONE_PLEDGE)
    full = req.pledgor.id_number
    result = draft(STANDALONE_PLEDGE, tmp_path)
    manifest_text = (result.folder / "manifest.json").read_text(encoding="utf-8")
    stored = json.loads(manifest_text)["request_sha256"]
    # A hash over the full number could be matched by trying the birth dates the mask hides.
    raw = req.model_dump(mode="json")
    for with_full in (raw, {**raw, "show_full_id": True}):
        canon = json.dumps(with_full, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        assert hashlib.sha256(canon.encode("utf-8")).hexdigest() != stored
    assert full not in manifest_text
