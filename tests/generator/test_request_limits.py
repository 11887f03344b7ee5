"""Requests past a limit or with a malformed value: a message naming the field (and line), never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from clause_library.errors import RequestError
from generator.request import MAX_ITEMS, load_request
from tests.conftest import EXAMPLES, STANDALONE_PLEDGE

TEXT = (EXAMPLES / "it_contract_zh.yaml").read_text(encoding="utf-8")
BASE: dict[str, Any] = json.loads(json.dumps(yaml.safe_load(TEXT), default=str))


def _problems(path: Path) -> list[str]:
    with pytest.raises(RequestError) as info:
        load_request(path)
    return [str(p) for p in info.value.problems] or [str(info.value)]


# (label, text in the example, replacement, "line [field]" expected, message fragment); "@" is the line of the
# text in the example (so that the example may grow), "@+1" the line after it.
_VALUES = "values: {integrity_report_email: integrity@client.example.cn}"  # the example's own values
YAML_CASES = [
    ("impossible day", "start: 2026-04-01", "start: 2026-02-30", "@ [term.start]", "day value is outside"),
    ("impossible month", "sign_date: 2026-03-01", "sign_date: 2026-13-45", ":7 [sign_date]", "month value"),
    ("implausible year", "sign_date: 2026-03-01", "sign_date: 0026-03-01", "[sign_date]", "between 1900 and 2200"),
    ("36-digit amount", "amount: 1200000.00", "amount: " + "1" * 36, "@ [price.amount]",
     "less than or equal to 1000000000000"),
    ("amount in 厘", "amount: 1200000.00", "amount: 1200000.001", "[price.amount]", "two decimals"),
    ("5,000-digit integer", "confidentiality_years: 5", "confidentiality_years: " + "9" * 5000,
     "@ [confidentiality_years]", "integer"),
    ("tax rate with 30 decimals", "tax_rate: 6", "tax_rate: 6." + "1" * 30, "[price.tax_rate]", "4 decimal"),
    ("control character", "project_name: 核心业务系统运维服务", 'project_name: "核心\\a业务"', ":6 [project_name.zh]",
     "control character (U+0007)"),
    ("line break in a party's name", "name: 北京示例科技股份有限公司", 'name: "北京\\n- 一项"', "[client.name.zh]",
     "control character (U+000A)"),
    ("bidi override", "address: 北京市朝阳区建国路88号", 'address: "\\u202e88号"', "[client.address.zh]",
     "bidirectional override"),
    ("path traversal", "contract_no: IT-2026-0001", "contract_no: X/../../../victim", ":5 [contract_no]",
     "contract number is letters"),
    ("folder that is its parent", "contract_no: IT-2026-0001", "contract_no: A/..", "[contract_no]",
     "contract number is letters"),
    ("duplicate key", "language: zh", "language: zh\nlanguage: en", ":5 [language]", "lines 4 and 5"),
    ("100,000-digit hex integer", "confidentiality_years: 5", "confidentiality_years: 0x" + "f" * 100_000,
     "[confidentiality_years]", "(found an integer of about 120,412 digits)"),
    ("date past 2200 in values", _VALUES, _VALUES[:-1] + ", d: 9999-12-31}", "@ [values.d]",
     "the year 9999 is not between 1900 and 2200"),
    ("mapping in values", _VALUES, _VALUES[:-1] + ", d: {a: 1}}", "@ [values.d]",
     "a value is text, a number, true or false, a date (YYYY-MM-DD) or a list of text, not dict"),
]


@pytest.mark.parametrize(("label", "old", "new", "where", "fragment"), YAML_CASES, ids=[c[0] for c in YAML_CASES])
def test_yaml_request_value_refused_with_field(tmp_path: Path, label: str, old: str, new: str, where: str,
                                               fragment: str) -> None:
    assert old in TEXT
    line = TEXT[:TEXT.index(old)].count("\n") + 1
    where = where.replace("@+1", f":{line + 1}").replace("@", f":{line}")
    path = tmp_path / "req.yaml"
    path.write_text(TEXT.replace(old, new, 1), encoding="utf-8")
    problems = _problems(path)
    assert any(where in p and fragment in p for p in problems), problems


def test_yaml_alias_bomb_refused_before_expansion(tmp_path: Path) -> None:
    # Nine levels of nine aliases: 9^9 (387 million) strings once expanded.
    lines = ["a0: &a0 [x,x,x,x,x,x,x,x,x]"]
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size < 400
    problems = _problems(path)
    assert problems == [f"{path}:2: YAML alias *a0 (a reference to an &anchor): not allowed in these files; "
                        "write the value out"]


def test_yaml_nesting_refused_before_building(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")  # crashed libyaml's composer
    assert any("nested more than 32 levels" in p for p in _problems(path))


def test_yaml_with_too_many_values_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "wide.yaml"
    path.write_text("a: [" + "1," * 1_000_000 + "1]\n", encoding="utf-8")  # 2 MB, under the size cap
    assert any("more than 100,000 values" in p for p in _problems(path))


def _json(tmp_path: Path, data: Any = None, text: str | None = None) -> Path:
    path = tmp_path / "req.json"
    path.write_text(text if text is not None else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _with(path: str, value: Any) -> dict[str, Any]:
    data = json.loads(json.dumps(BASE))
    node = data
    keys = path.split(".")
    for k in keys[:-1]:
        node = node[int(k)] if k.isdigit() else node[k]
    node[keys[-1]] = value
    return data


LIST_FIELDS = ["services", "deliverables", "service_levels", "payment_schedule", "conditions"]


@pytest.mark.parametrize("field", LIST_FIELDS)
def test_every_list_is_capped_with_the_limit_in_the_message(tmp_path: Path, field: str) -> None:
    item = BASE[field][0] if BASE.get(field) else "system_access"
    problems = _problems(_json(tmp_path, _with(field, [item] * 10_000)))
    assert problems == [f"{tmp_path / 'req.json'} [{field}]: has 10,000 items; a request allows at most "
                        f"{MAX_ITEMS} in one list: split the document or shorten the list"]


@pytest.mark.parametrize(("field", "value"), [("values", {f"v{i}": 1 for i in range(101)}),
                                              ("values", {"list": ["x"] * 101}),
                                              ("variants", {f"v{i}": "a" for i in range(101)})])
def test_values_and_variants_are_capped(tmp_path: Path, field: str, value: Any) -> None:
    assert any(f"at most {MAX_ITEMS}" in p for p in _problems(_json(tmp_path, _with(field, value))))


JSON_CASES = [
    ("lone surrogate", '"client": {"name": "北京示例科技股份有限公司"', '"client": {"name": "a\\ud800"',
     "[client.name.zh]", "valid string"),
    ("NaN amount", '"amount": 1200000.0', '"amount": NaN', "", "NaN is not a JSON number"),
    ("huge integer", '"confidentiality_years": 5', '"confidentiality_years": ' + "9" * 5000, "",
     "numbers have at most 40"),
    ("duplicate key", '"language": "zh"', '"language": "zh", "language": "en"', "", "key 'language' appears twice"),
    ("syntax error", '"language": "zh",', '"language": "zh",\n,', ":2:", "not valid JSON: Expecting"),
    ("infinite value", '"values": {', '"values": {"days": 1e999, ', "[values.days]", "finite"),
    ("date that does not exist", '"start": "2026-04-01"', '"start": "2026-02-30"', "[term.start]", "day value"),
]


@pytest.mark.parametrize(("label", "old", "new", "where", "fragment"), JSON_CASES, ids=[c[0] for c in JSON_CASES])
def test_json_request_value_refused(tmp_path: Path, label: str, old: str, new: str, where: str, fragment: str) -> None:
    text = json.dumps(BASE, ensure_ascii=False)
    assert old in text, old
    problems = _problems(_json(tmp_path, text=text.replace(old, new, 1)))
    assert any(where in p and fragment in p for p in problems), problems


def test_json_size_is_capped_before_reading(tmp_path: Path) -> None:
    path = _json(tmp_path, text='{"kind": "nda", "x": "' + "x" * (6 * 1024 * 1024) + '"}')
    assert any("larger than 5,242,880 bytes" in p for p in _problems(path))


@pytest.mark.parametrize("depth", [40, 100_000])
def test_json_depth_is_capped(tmp_path: Path, depth: int) -> None:
    path = _json(tmp_path, text='{"kind": "nda", "values": {"x": ' + "[" * depth + "]" * depth + "}}")
    assert any("nested more than 32 levels" in p for p in _problems(path))


def test_messages_mask_id_numbers_and_cut_long_input(tmp_path: Path) -> None:
    pledge = yaml.safe_load((STANDALONE_PLEDGE).read_text(encoding="utf-8"))
    full = pledge["pledgor"]["id_number"]
    bad = full[:-1] + ("0" if full[-1] != "0" else "1")
    pledge["pledgor"]["id_number"] = bad
    pledge["project_name"] = "x" * 5000
    text = "\n".join(_problems(_json(tmp_path, json.loads(json.dumps(pledge, default=str)))))
    assert bad not in text and bad[:6] + "********" + bad[-4:] in text
    assert "x" * 100 not in text and "at most 2,000 characters" in text
