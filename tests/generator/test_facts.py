"""Issue 11 item 3: the decisive facts are explicit answers, and every default still applied is listed."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from clause_library.errors import RequestError
from generator.draft import draft
from generator.request import DECISIVE_FACTS, load_request, parse_request
from tests.conftest import EXAMPLES, example_request

BASE: dict[str, Any] = example_request("it_contract_zh.yaml")
SERVICE_EXAMPLES = ("it_contract_zh.yaml", "bpo_contract_bilingual.yaml", "hr_payroll_zh.yaml")


def _write(tmp_path: Path, data: dict[str, Any], name: str = "req.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    return path


@pytest.mark.parametrize("fact", sorted(DECISIVE_FACTS))
def test_a_request_without_a_decisive_fact_is_refused_naming_it(tmp_path: Path, fact: str) -> None:
    data = copy.deepcopy(BASE)
    del data[fact]
    with pytest.raises(RequestError) as info:
        load_request(_write(tmp_path, data))
    (problem,) = info.value.problems
    assert problem.field == fact
    assert "required" in problem.message and "decides" in problem.message


def test_the_yaml_reader_explains_a_missing_fact_too(tmp_path: Path) -> None:
    text = (EXAMPLES / "hr_payroll_zh.yaml").read_text(encoding="utf-8")
    path = tmp_path / "req.yaml"
    path.write_text(text.replace("pass_through_funds: yes\n", ""), encoding="utf-8")
    with pytest.raises(RequestError) as info:
        load_request(path)
    (problem,) = info.value.problems
    assert problem.field == "pass_through_funds" and "custody" in problem.message


@pytest.mark.parametrize("name", SERVICE_EXAMPLES)
def test_every_shipped_service_example_answers_every_fact(name: str) -> None:
    data = example_request(name)
    for fact in DECISIVE_FACTS:
        assert fact in data, f"{name} does not answer {fact}"
        assert fact == "service_location" or isinstance(data[fact], bool)


def test_a_fact_listed_under_conditions_is_refused() -> None:
    data = copy.deepcopy(BASE)
    data["conditions"] = ["system_access"]
    with pytest.raises(RequestError) as info:
        parse_request(data)
    assert [p.field for p in info.value.problems] == ["conditions"]
    assert "system_access: yes or no" in info.value.problems[0].message


def test_personal_information_is_listed_exactly_when_it_is_entrusted() -> None:
    data = copy.deepcopy(BASE)
    del data["personal_information"]
    with pytest.raises(RequestError, match="problem") as info:
        parse_request(data)
    assert "personal_information" in info.value.problems[0].message
    data = copy.deepcopy(BASE)
    data["personal_information_entrusted"] = False
    with pytest.raises(RequestError) as info:
        parse_request(data)
    assert "remove personal_information" in info.value.problems[0].message


def _manifest_defaults(folder: Path) -> dict[str, str]:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return {d["field"]: d["value"] for d in manifest["defaults"]}


def test_defaults_applied_are_listed_in_the_manifest(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    del data["sign_place"]
    data["values"] = {"payment_days": 20, "integrity_report_email": "integrity@client.example.cn"}
    result = draft(_write(tmp_path, data), tmp_path / "out")
    listed = _manifest_defaults(result.folder)
    assert listed == dict(result.assembled.defaults)
    assert listed["sign_place"] == "北京市 / Beijing"  # printed in the signing clause, not given
    assert "values.payment_days" not in listed  # given
    assert listed["values.signatures_copies_each"] == "2"
    assert listed["variants.liability_cap"] == "standard"
    assert "language" not in listed and "variants.payment" in listed


def test_a_given_sign_place_is_no_default(tmp_path: Path) -> None:
    result = draft(EXAMPLES / "hr_payroll_zh.yaml", tmp_path)
    assert "sign_place" not in _manifest_defaults(result.folder)


def test_only_defaults_the_text_uses_are_listed(tmp_path: Path) -> None:
    """A clause variable in a branch the request does not take is no default of this document."""
    it = _manifest_defaults(draft(EXAMPLES / "it_contract_zh.yaml", tmp_path / "it").folder)
    bpo = _manifest_defaults(draft(EXAMPLES / "bpo_contract_bilingual.yaml", tmp_path / "bpo").folder)
    assert "values.call_recording_retention_months" not in it  # call recordings: BPO only
    assert bpo["values.call_recording_retention_months"] == "6"
    data = copy.deepcopy(BASE)
    data["personal_information_entrusted"] = False
    del data["personal_information"]
    listed = _manifest_defaults(draft(_write(tmp_path, data), tmp_path / "no-pi").folder)
    assert "values.data_subject_request_assist_days" not in listed  # only in the PIPL art. 21 block
    assert "values.data_subject_request_assist_days" in it and listed["values.incident_notice_hours"] == "2"
