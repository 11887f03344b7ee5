"""Assembly reports the problems of every clause at once: a problem in one clause never hides another's."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from clause_library.errors import RenderError, RequestError
from clause_library.loader import Library
from clause_library.models import Placement, Text, Variable
from generator.assemble import assemble
from generator.request import ServiceContractRequest, parse_request
from tests.conftest import example_request

REQUEST = "it_contract_zh.yaml"


def _request(**values: Any) -> ServiceContractRequest:
    data = copy.deepcopy(example_request(REQUEST))
    data["values"] = {**data.get("values", {}), **values}
    req = parse_request(data, REQUEST)
    assert isinstance(req, ServiceContractRequest)
    return req


def _bounded(library: Library) -> list[tuple[str, str, Variable]]:
    """(clause id, name, variable) of the drafted clauses' whole-number variables with a maximum, in order."""
    drafted = [a.clause_id for a in assemble(library, _request()).articles]
    return [(cid, name, var) for cid in drafted for name, var in library.clauses[cid].variables.items()
            if var.max is not None and var.type.value == "integer"]


def _too_large(var: Variable) -> int:
    assert var.max is not None
    return int(var.max) + 1


def _citing_a_missing_article(library: Library, index: int) -> tuple[Library, str, str]:
    """``library`` with the ``index``-th drafted article (from 0; -1 for the last) citing a category the document
    lacks; that clause's id and the category."""
    drafted = [a for a in assemble(library, _request()).articles if a.placement is Placement.article]
    present = {a.category for a in drafted}
    absent = next(c for c in sorted(library.categories) if c not in present)
    clause = library.clauses[drafted[index].clause_id]
    body = clause.pick(drafted[index].variant)[2]
    cites = Text(zh=body.zh + f"\n\n见{{{{ ref('{absent}') }}}}。", en=body.en + f"\n\nSee {{{{ ref('{absent}') }}}}.")
    changed = clause.model_copy(update={"body": cites, "variants": []} if clause.body is None else {"body": cites})
    lib = copy.copy(library)
    lib.clauses = {**library.clauses, clause.id: changed}
    return lib, clause.id, absent


def test_two_clauses_with_a_wrong_value_each_are_both_reported(library: Library) -> None:
    bounded = _bounded(library)
    (first, a, a_var), (second, b, b_var) = next((x, y) for x in bounded for y in bounded if x[0] != y[0])
    with pytest.raises(RequestError) as info:
        assemble(library, _request(**{a: _too_large(a_var), b: _too_large(b_var)}), REQUEST)
    assert str(info.value).startswith("the request cannot be drafted: 2 problem(s)")
    assert [p.field for p in info.value.problems] == [f"values.{a}", f"values.{b}"], (first, second)
    assert info.value.exit_code == 2


@pytest.mark.parametrize("broken", [0, -1], ids=["the clause that cannot render first", "the wrong value first"])
def test_a_clause_that_cannot_render_and_another_s_wrong_value_are_both_reported(library: Library,
                                                                                 broken: int) -> None:
    lib, cid, absent = _citing_a_missing_article(library, broken)
    cited = f"clause {cid!r} refers to {absent!r}, which this document does not contain as an article"
    # a value of another clause than the one that cannot render, before it or after it in the document
    bounded = _bounded(library)
    _, name, var = bounded[-1] if broken == 0 else bounded[0]
    with pytest.raises(RequestError) as info:
        assemble(lib, _request(**{name: _too_large(var)}), REQUEST)
    messages = [p.message for p in info.value.problems]
    assert len(messages) == 2 and cited in messages and any(name in m for m in messages), messages
    assert all(p.file == REQUEST for p in info.value.problems)
    assert info.value.exit_code == 2


def test_a_single_problem_reads_as_before(library: Library) -> None:
    lib, cid, absent = _citing_a_missing_article(library, 0)
    with pytest.raises(RenderError) as failed:
        assemble(lib, _request(), REQUEST)
    assert str(failed.value) == f"clause {cid!r} refers to {absent!r}, which this document does not contain as an " \
                                "article"
    _, name, var = _bounded(library)[0]
    with pytest.raises(RequestError) as refused:
        assemble(library, _request(**{name: _too_large(var)}), REQUEST)
    assert str(refused.value) == (f"the request cannot be drafted: 1 problem(s)\n  - {REQUEST} [values.{name}]: "
                                  f"{name} = {_too_large(var)} is outside {var.min}..{var.max}")
