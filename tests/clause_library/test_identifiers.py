"""Resident ID checks: the reason given never repeats the birth date that masking hides."""

from __future__ import annotations

import pytest

from clause_library.identifiers import mask_resident_id, resident_id_problem


@pytest.mark.parametrize(("number", "why"), [
    ("440305199002301234", "not a real date"),
    ("440305180001011234", "before 1900"),
])
def test_birth_date_problems_do_not_repeat_the_date(number: str, why: str) -> None:
    problem = resident_id_problem(number)
    assert problem is not None and why in problem
    assert number[6:14] not in problem and number[6:10] not in problem
    assert number[6:14] not in mask_resident_id(number)


def test_a_valid_number_has_no_problem() -> None:
    assert resident_id_problem("11010519491231002X") is None
