"""The reviewer's cues (cues.yaml) load strictly, each problem with its line, and the reviewer reads with them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clause_library.errors import Problem
from clause_library.loader import DATA_DIR, default_library, read_library
from clause_library.models import DocumentKind, OutsourcingKind
from review.cues import entrusts_personal_information
from review.kind import read_kind

SHIPPED = (DATA_DIR / "cues.yaml").read_text(encoding="utf-8")


def _cue_problems(tmp_path: Path, text: str) -> list[Problem]:
    root = tmp_path / "lib"
    shutil.copytree(DATA_DIR, root)
    (root / "cues.yaml").write_text(text, encoding="utf-8")
    lib, problems = read_library(root)
    assert all(Path(p.file).name == "cues.yaml" for p in problems), problems
    assert (lib.cues is None) == bool(problems)
    return problems


def _line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


def test_shipped_cues_load() -> None:
    lib, problems = read_library()
    assert problems == [] and lib.cues is not None
    assert [k.kind for k in lib.cues.outsourcing.kinds] == [OutsourcingKind.hr, OutsourcingKind.it, OutsourcingKind.bpo]


CASES = [
    # (what, replaced, by, message, line of)
    ("unknown key", "  secrecy:\n", "  secercy:\n", "'secercy'", "  secercy:"),
    ("bad regex", "'保密承诺书'", "'保密承诺书('", "bad regular expression '保密承诺书('", "'保密承诺书('"),
    ("empty pattern", "'保密承诺函'", "''", "an empty pattern matches every text", "zh: ['保密承诺书', ''"),
    ("unknown kind", "- kind: power_of_attorney", "- kind: proxy", "Input should be", "- kind: proxy"),
    ("a kind twice", "- kind: termination_agreement", "- kind: power_of_attorney", "each kind once",
     "  family:"),
    ("an outsourcing kind missing", "- kind: bpo", "- kind: hr", "each kind once (it, bpo, hr)", "  kinds:"),
    ("a cue without patterns", "  outsourced:\n    zh: ['外包']\n    en: ['outsourc']\n", "  outsourced: {}\n",
     "a cue needs at least one pattern", "  outsourced: {}"),
]


@pytest.mark.parametrize(("what", "old", "new", "message", "at"), CASES, ids=[c[0] for c in CASES])
def test_each_problem_is_named_with_its_line(tmp_path: Path, what: str, old: str, new: str, message: str,
                                             at: str) -> None:
    assert old in SHIPPED, what
    text = SHIPPED.replace(old, new, 1)
    problems = _cue_problems(tmp_path, text)
    found = [p for p in problems if message in p.message]
    assert found, problems
    assert found[0].line == _line_of(text, at), (found[0], what)


def test_a_missing_cue_is_a_problem(tmp_path: Path) -> None:
    start = SHIPPED.index("  # A person promising")
    text = SHIPPED[:start] + SHIPPED[SHIPPED.index("outsourcing:\n"):]
    problems = _cue_problems(tmp_path, text)
    assert [p.field for p in problems] == ["document_kind.person"], problems


def test_a_missing_file_is_a_problem(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    shutil.copytree(DATA_DIR, root)
    (root / "cues.yaml").unlink()
    lib, problems = read_library(root)
    assert lib.cues is None and [Path(p.file).name for p in problems] == ["cues.yaml"]


def test_the_reviewer_reads_with_the_library_cues(tmp_path: Path) -> None:
    # legal adds a family title and an entrustment phrase: the reviewer reads them from the library given
    text = SHIPPED.replace("'授权委托书', ", "'授权委托书', '委任协议', ", 1)
    text = text.replace("'entrust']", "'entrust', 'in trust for']", 1)
    root = tmp_path / "lib"
    shutil.copytree(DATA_DIR, root)
    (root / "cues.yaml").write_text(text, encoding="utf-8")
    lib, problems = read_library(root)
    assert problems == [] and lib.cues is not None
    letter = "董事委任协议\n\n兹委任张三代表本公司签署合同。"
    assert read_kind(letter, cues=lib.cues).kind is DocumentKind.power_of_attorney
    assert read_kind(letter).kind is not DocumentKind.power_of_attorney
    passage = "The Vendor holds the personal data in trust for the Client."
    assert entrusts_personal_information(passage, lib.cues)
    assert not entrusts_personal_information(passage)
    assert default_library().cues is not lib.cues
