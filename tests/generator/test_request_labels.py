"""The request models' fields in words (generator/data/request_labels.yaml): read strictly into its model, a
misspelt key or a label missing a language refused with its file, line and field. That every field a questionnaire
asks has its words is tested where the questionnaire is (tests/portal/test_drafts.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from clause_library.errors import RequestError
from clause_library.models import Lang
from generator.request import Milestone, Party, ServiceContractRequest
from generator.request.labels import choice_words, field_help, field_words, request_words


def test_the_shipped_words_are_read_and_found_through_the_models_ancestry() -> None:
    assert request_words().fields
    words = field_words(ServiceContractRequest, "contract_no")  # declared by RequestBase
    assert words is not None and (words.zh, words.en) == ("合同编号", "Contract number")
    assert field_words(Party, "no_such_field") is None
    assert choice_words("OutsourcingKind", "it") is not None and choice_words("Price.currency", "CNY") is not None


def test_the_english_hint_is_the_models_description_or_what_a_decisive_fact_decides() -> None:
    due = field_help(Milestone, "due_days")
    assert due[Lang.en] == Milestone.model_fields["due_days"].description and "天数" in due[Lang.zh]
    assert field_help(ServiceContractRequest, "sme_vendor")[Lang.en].startswith("answer yes or no")


@pytest.mark.parametrize("text, where", [
    ("fields:\n  Party:\n    name: {zh: 名称}\nchoices: {}\n", "fields.Party.name.en"),
    ("fields: {}\nchoices: {}\nlabels: {}\n", "labels"),
])
def test_a_bad_words_file_is_refused_saying_where(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "request_labels.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RequestError) as e:
        request_words(path)
    assert any(p.field == where and p.line is not None for p in e.value.problems), e.value.problems
