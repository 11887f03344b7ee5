"""One error translator (clause_library.yamlio.explain): a request says the same problems in YAML and in JSON,
and the library's YAML in the same words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from clause_library.errors import RequestError
from generator.request import load_request
from tests.conftest import example_request


def _problems(path: Path) -> list[tuple[str | None, str]]:
    with pytest.raises(RequestError) as e:
        load_request(path)
    return [(p.field, p.message) for p in e.value.problems]


def test_a_request_says_the_same_problems_in_yaml_and_in_json(tmp_path: Path) -> None:
    data = example_request("it_contract_zh.yaml")
    data["colour"] = "blue"  # unknown
    data["term"]["start"] = "2026-02-30"  # no such day
    del data["personal_information_entrusted"]  # a decisive fact, missing
    (tmp_path / "r.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (tmp_path / "r.json").write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    in_yaml, in_json = _problems(tmp_path / "r.yaml"), _problems(tmp_path / "r.json")
    assert sorted(in_yaml) == sorted(in_json)
    messages = dict(in_yaml)
    assert messages["colour"] == "unknown field 'colour': misspelt, or not for this kind of document"
    assert messages["personal_information_entrusted"].startswith("required, missing: ")
    assert "(found '2026-02-30')" in messages["term.start"]
