"""Shared fixtures: the shipped library, example requests, and drafted documents (once per session)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

from clause_library import default_library
from clause_library.loader import Library
from generator.demo import EXAMPLES_DIR

# A COLUMNS exported by the shell (or by pytest-xdist's workers, which set 80) is read once by contracts.cli's rich
# consoles, when imported, and kept for every test: the paths tests look for in the output were wrapped, and
# `COLUMNS=80 python3 -m pytest` failed two sign-off tests. Without it the consoles read the COLUMNS a test sets.
os.environ.pop("COLUMNS", None)
# The tests never read or write the user's own sign-off ledger (signoff.store.contracts_home): a test that wants
# the default ledger gets one in a folder of its own, removed with the rest of the temporary files.
os.environ["CONTRACTS_HOME"] = tempfile.mkdtemp(prefix="contracts-home-")
os.environ.pop("CONTRACTS_SIGNOFF_DB", None)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = EXAMPLES_DIR  # the shipped examples, as the package finds them
# The shipped NDA pack and pledge are made for the BPO contract (main_contract: BPO-2026-0007), which must be
# drafted into the same --out first (draft_main_contract); the tests of packs' and drafting's mechanics use
# these requests made without a main contract.
STANDALONE_PACK = ROOT / "tests" / "data" / "nda_pack_standalone.yaml"
STANDALONE_PLEDGE = ROOT / "tests" / "data" / "pledge_standalone.yaml"


def example_request(name: str) -> dict[str, Any]:
    """A shipped example request (``generator/data/examples/NAME``) as data, a fresh copy to change."""
    import yaml

    data: dict[str, Any] = yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))
    return data


# The order the examples are drafted in: a document made for a main contract after the contract, a
# termination after the change agreements it reads the contract through.
_KIND_ORDER = ("service_contract", "nda", "pledge", "security_agreement", "integrity_agreement", "power_of_attorney",
               "change_agreement", "termination_agreement")


def example_kind(path: Path) -> str | None:
    """The ``kind`` a request file names."""
    import yaml

    kind = yaml.safe_load(path.read_text(encoding="utf-8")).get("kind")
    return str(kind) if kind is not None else None


def examples_in_order() -> list[Path]:
    """Every shipped example request, in an order each can be drafted in (its main contract drafted first)."""
    def key(path: Path) -> tuple[int, str]:
        kind = example_kind(path)
        return (_KIND_ORDER.index(kind) if kind in _KIND_ORDER else len(_KIND_ORDER), path.name)

    return sorted(EXAMPLES.glob("*.yaml"), key=key)


# The shipped examples drafted on their own (contracts, no main contract), once per process: name -> folder.
_DRAFTED_ALONE: dict[str, Path] = {}


def draft_example(name: str, out: Path) -> Path:
    """Shipped example ``name``, drafted on its own (a contract: no main contract), into ``out``; its folder.

    Drafting is deterministic (tests/generator/test_requests.py: same request, same bytes), so the first call
    in a process drafts the example into a scratch folder and each call copies that folder into ``out``: a
    test drafting a contract as the setting of what it tests (the main contract of a family) gets the very
    files ``draft`` would write, for a copy instead of a draft (1 to 2 s for the BPO contract)."""
    from generator.draft import draft

    if name not in _DRAFTED_ALONE:
        scratch = Path(tempfile.mkdtemp(prefix="contracts-drafted-"))
        atexit.register(shutil.rmtree, scratch, True)
        _DRAFTED_ALONE[name] = draft(EXAMPLES / name, scratch).folder
    folder = out / _DRAFTED_ALONE[name].name
    shutil.copytree(_DRAFTED_ALONE[name], folder, dirs_exist_ok=True)
    return folder


def draft_main_contract(out: Path) -> Path:
    """Draft the BPO example, the main contract of the shipped NDA pack and pledge, into ``out``; its folder."""
    return draft_example("bpo_contract_bilingual.yaml", out)

# The real labelled contracts beside the repository, when there. The equivalence tests read the two dev sets
# they were sized for; ../shared/eval/cuad-train (added later, three times their size) is for developing the
# reviewer and would triple the suite's time without testing anything new.
SHARED_EVAL = ROOT.parent / "shared" / "eval"
EVAL_DEV_SETS = ("cuad-dev", "contractnli-dev")
needs_shared_eval = pytest.mark.skipif(not SHARED_EVAL.is_dir(), reason="../shared/eval is not there")


def eval_dev_documents() -> list[Path]:
    """The .pdf and .txt contracts of the dev sets under ../shared/eval, sorted; empty when it is not there."""
    return sorted(p for name in EVAL_DEV_SETS for p in (SHARED_EVAL / name).rglob("docs/*")
                  if p.suffix.lower() in (".pdf", ".txt"))


needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed; run scripts/setup.sh as root"
)

# The font families of the packages scripts/setup.sh installs (fonts-liberation2, fonts-noto-cjk,
# fonts-opensymbol), as PDF base-font names begin: a PDF of ours embeds no other font.
SETUP_FONTS = ("Liberation", "NotoSansCJK", "NotoSerifCJK", "OpenSymbol")


def pdf_fonts(path: Path) -> set[str]:
    """The fonts a PDF embeds on its pages, without the subset prefix (``ABCDEF+LiberationSerif``)."""
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(path).pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        for ref in (fonts.get_object().values() if fonts is not None else ()):
            names.add(str(ref.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    return names


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--fuzz-long", action="store_true", default=False,
                     help="Run the fuzz suite (tests/fuzz) with hundreds of random examples per property.")


@pytest.fixture(scope="session")
def library() -> Library:
    return default_library()


@pytest.fixture(scope="session")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every example drafted once: example file name → .docx path."""
    from generator.draft import draft

    out = tmp_path_factory.mktemp("drafted")
    docs = {}
    for req in examples_in_order():
        if example_kind(req) == "service_contract":  # drafted on its own: shared with draft_example's callers
            docs[req.name] = next(p for p in draft_example(req.name, out).iterdir() if p.suffix == ".docx")
        else:
            docs[req.name] = next(p for p in draft(req, out).files if p.suffix == ".docx")
    return docs
