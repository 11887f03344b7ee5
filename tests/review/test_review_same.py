"""Speed work must not change what the reviewer says: same blocks, segments, kind, hits and findings.

tests/data/review_snapshot.json holds, for every document the generator drafts from examples/ and
every .pdf / .txt of ../shared/eval's two dev sets, what the reviewer made of it: digests of the blocks read,
of the segments and of the classifier's hits, the detected kind, and the whole JSON report (minus
the path, the file hash and the time taken). It was written by the code before the speed work
(commit bbb8d64) with

    python -m tests.review.test_review_same --write

and each run compares the current code against it. The hits and findings depend on the clause
library's data (categories.yaml, playbooks, clauses): when that data differs from the data the
snapshot was made with, only the reading, the segments and the kind are compared, and the rest is
skipped with a note. Rewrite the snapshot only from a commit whose results you trust.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = ROOT / "tests" / "data" / "review_snapshot.json"
EVAL = ROOT.parent / "shared" / "eval"
EXAMPLES = ROOT / "generator" / "data" / "examples"
LIBRARY_DATA = ROOT / "clause_library" / "data"


def _digest(obj: Any) -> str:
    return hashlib.sha256(json.dumps(obj, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:32]


def library_fingerprint() -> str:
    h = hashlib.sha256()
    # The YAML only: the hits and findings depend on it, not on the folder's README.
    for p in sorted(LIBRARY_DATA.rglob("*.yaml")):
        if p.is_file():
            h.update(p.relative_to(LIBRARY_DATA).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()[:32]


def describe(path: Path, outsourcing: str | None) -> dict[str, Any]:
    """What the reviewer makes of ``path``, as plain data; ``outsourcing`` as given to review_document."""
    from clause_library.loader import default_library
    from clause_library.models import OutsourcingKind
    from review.classify import classify
    from review.kind import detect_kind
    from review.reader import read_document
    from review.review import review_document
    from review.segment import segment

    result = read_document(path)
    blocks = [[b.text, b.index, b.location, b.part.value, b.page, b.heading_level, list(b.cells)]
              for b in result.blocks]
    segs = segment(result) if result.has_text else []
    seg_data = [[s.heading, s.number, s.text, s.location, s.level, list(s.blocks), s.part.value] for s in segs]
    hits = classify(segs, default_library().categories) if segs else {}
    hit_data = [[cid, [[h.segment, h.location, h.evidence, h.score, h.via] for h in hs]] for cid, hs in hits.items()]
    kind, out = detect_kind(result.text) if result.has_text else (None, None)
    try:
        report: Any = review_document(path, outsourcing=OutsourcingKind(outsourcing) if outsourcing else None)
        report_data = report.to_dict()
        for key in ("path", "sha256"):
            report_data.pop(key)
    except Exception as e:  # e.g. no playbook for the kind: the error is part of the behaviour
        report_data = {"error": f"{type(e).__name__}: {e}"}
    return {
        "blocks": _digest(blocks), "n_blocks": len(blocks), "warnings": list(result.warnings),
        "segments": _digest(seg_data), "n_segments": len(segs),
        "kind": [kind.value if kind else None, out.value if out else None],
        "hits": _digest(hit_data), "n_hits": sum(len(h) for h in hits.values()),
        "report": report_data,
    }


def _eval_files() -> list[Path]:
    # The two dev sets (tests/conftest.py: eval_dev_documents), as for the other equivalence tests: a snapshot
    # written over all of ../shared/eval took in cuad-train's 337 documents, and the test four times as long.
    from tests.conftest import eval_dev_documents

    return eval_dev_documents()


def _drafted(out: Path) -> dict[str, Path]:
    from generator.draft import draft
    from tests.conftest import examples_in_order

    docs = {}
    for req in examples_in_order():
        result = draft(req, out)
        docs[req.name] = next(p for p in result.files if p.suffix == ".docx")
    return docs


_NEEDS_LIBRARY = ("hits", "n_hits", "report")


def _compare(name: str, got: dict[str, Any], want: dict[str, Any], same_library: bool) -> list[str]:
    keys = [k for k in want if same_library or k not in _NEEDS_LIBRARY]
    return [f"{name}: {k} differs\n  got  {got[k]!r}\n  want {want[k]!r}" for k in keys if got[k] != want[k]]


@pytest.fixture(scope="module")
def snapshot() -> dict[str, Any]:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def _check(snapshot: dict[str, Any], docs: dict[str, dict[str, Any]]) -> None:
    same_library = snapshot["library"] == library_fingerprint()
    problems = [p for name, got in docs.items() for p in _compare(name, got, snapshot["documents"][name], same_library)]
    assert not problems, "\n".join(problems)
    if not same_library:
        pytest.skip("clause library data changed since the snapshot: hits and findings not compared "
                    "(reading, segments and kind were)")


def test_drafted_documents_reviewed_as_before(snapshot: dict[str, Any], drafted: dict[str, Path]) -> None:
    docs = {f"examples/{name}": describe(path, None) for name, path in drafted.items()}
    assert set(docs) == {k for k in snapshot["documents"] if k.startswith("examples/")}
    _check(snapshot, docs)


@pytest.mark.skipif(not EVAL.is_dir(), reason="../shared/eval is not there")
def test_eval_documents_reviewed_as_before(snapshot: dict[str, Any]) -> None:
    # Sets added to ../shared/eval after the snapshot (cuad-train) are not in it: only its documents are compared.
    want = {k for k in snapshot["documents"] if k.startswith("eval/")}
    files = {f"eval/{p.relative_to(EVAL).as_posix()}": p for p in _eval_files()}
    assert want <= set(files), f"snapshot documents missing from {EVAL}: {sorted(want - set(files))[:5]}"
    docs = {name: describe(files[name], "it") for name in sorted(want)}
    _check(snapshot, docs)


def write_snapshot() -> None:
    docs: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in _drafted(Path(tmp)).items():
            docs[f"examples/{name}"] = describe(path, None)
    for p in _eval_files():
        docs[f"eval/{p.relative_to(EVAL).as_posix()}"] = describe(p, "it")
    SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
    data = {"note": "written by `python -m tests.review.test_review_same --write`; see that module",
            "library": library_fingerprint(), "documents": docs}
    SNAPSHOT.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{SNAPSHOT}: {len(docs)} documents")


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python -m tests.review.test_review_same --write")
    write_snapshot()
