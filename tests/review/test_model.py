"""The learned clause model: the shipped inference equals scikit-learn's, it is applied as documented
(adds to the patterns, or decides alone on English; never on Chinese), and training and cross-validation
are deterministic and keep each fold's contracts out of the model that judges them."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from review import learn
from review.classify import classify
from review.document import Segment
from review.evaluate import load_categories
from review.model import CategoryModel, ClauseModel, load_model, sentences, shipped_model

# Whether scikit-learn is there, without importing it (1.7 s) while the suite is collected.
pytestmark = pytest.mark.skipif(importlib.util.find_spec("sklearn") is None,
                                reason="scikit-learn trains the model (a project dependency)")

TEXTS = [
    "Either party may terminate this Agreement for convenience upon thirty days written notice.",
    "This Agreement shall be governed by the laws of the State of New York.",
    "The Supplier warrants that the Products will be free from defects for twelve months.",
    "Neither party may assign this Agreement without the prior written consent of the other party.",
    "The Customer may terminate at any time without cause on sixty days notice to the Supplier.",
    "Fees are payable within thirty days of the invoice date.",
]


@pytest.fixture(scope="module")
def categories():  # type: ignore[no-untyped-def]
    return load_categories()


def _segments(*texts: str, heading: str = "") -> list[Segment]:
    return [Segment(heading, None, t, f"clause {i + 1}") for i, t in enumerate(texts)]


def test_inference_equals_scikit_learn() -> None:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True)
    x = vec.fit_transform(TEXTS)
    y = np.array([1, 0, 0, 0, 1, 0])
    lr = LogisticRegression(C=4.0, solver="liblinear").fit(x, y)
    model = ClauseModel({g: int(j) for g, j in vec.vocabulary_.items()}, tuple(vec.idf_),
                        {"termination_for_convenience": CategoryModel(
                            float(lr.intercept_[0]), 0.0, "or", {j: float(w) for j, w in enumerate(lr.coef_[0])})})
    probe = ["The Client may terminate this Agreement for convenience, for convenience, on notice.",
             "Unknown words only: zyx qwv.", ""]
    want = lr.decision_function(vec.transform(probe))
    got = [model.scores(t)["termination_for_convenience"] for t in probe]
    assert got == pytest.approx(list(want), abs=1e-9)
    again = load_model(model.to_json())
    assert [again.scores(t)["termination_for_convenience"] for t in probe] == pytest.approx(got, abs=1e-3)


def _toy(mode: str, threshold: float = 0.5) -> ClauseModel:
    # one feature: the word "convenience"
    return ClauseModel({"convenience": 0}, (1.0,), {"termination_for_convenience": CategoryModel(
        -0.5, threshold, mode, {0: 2.0})})  # type: ignore[arg-type]


def test_or_mode_adds_a_hit_quoting_the_sentence(categories) -> None:  # type: ignore[no-untyped-def]
    segs = _segments("Payment is due monthly. The Client may end this deal for convenience. Notices in writing.")
    assert "termination_for_convenience" not in classify(segs, categories, first_only=True, model=None)
    hit = classify(segs, categories, first_only=True, model=_toy("or"))["termination_for_convenience"][0]
    assert hit.via == "model" and hit.evidence == "The Client may end this deal for convenience."
    assert hit.location == "clause 1"


def test_model_mode_decides_alone_on_english(categories) -> None:  # type: ignore[no-untyped-def]
    text = "Either party may terminate this Agreement without cause upon ninety days prior written notice."
    segs = _segments(text, heading="Termination")
    assert "termination_for_convenience" in classify(segs, categories, first_only=True, model=None)
    # the model finds nothing: in model mode the patterns' hit goes, in or mode it stays
    assert "termination_for_convenience" not in classify(segs, categories, first_only=True, model=_toy("model"))
    assert "termination_for_convenience" in classify(segs, categories, first_only=True, model=_toy("or"))


def test_chinese_text_is_left_to_the_patterns(categories) -> None:  # type: ignore[no-untyped-def]
    segs = _segments("甲方可以随时解除本合同，但应提前三十日书面通知乙方。convenience convenience")
    assert classify(segs, categories, first_only=True, model=_toy("model")) == \
        classify(segs, categories, first_only=True, model=None)


def test_sentences_split_at_sentence_ends_only() -> None:
    assert sentences("See Section 2.1 hereof. Then (a) this; and: more. (b) That") == [
        "See Section 2.1 hereof.", "Then (a) this; and: more.", "(b) That"]


def test_the_shipped_model_loads_and_names_its_source() -> None:
    model = shipped_model()
    assert model is not None
    assert "cuad-train" in model.source
    assert {cm.mode for cm in model.categories.values()} <= {"or", "model"}


def _corpus(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    rows, spans = ["file,termination_for_convenience,governing_law"], []
    for i in range(12):
        conv = i % 2 == 0
        body = [f"1. Services. Vendor {i} shall provide the services described in Schedule {i}.",
                "2. Law. This Agreement is governed by the laws of England." if i % 3 else
                "2. Fees. Fees are payable monthly in arrears.",
                "3. Ending. Either party may terminate this Agreement for convenience on notice." if conv else
                "3. Ending. A party may terminate this Agreement for material breach."]
        (docs / f"d{i:02}.txt").write_text("\n".join(body) + "\n", encoding="utf-8")
        rows.append(f"docs/d{i:02}.txt,{int(conv)},{int(bool(i % 3))}")
        if conv:
            spans.append({"file": f"docs/d{i:02}.txt", "category": "termination_for_convenience",
                          "text": "Either party may terminate this Agreement for convenience on notice."})
        if i % 3:
            spans.append({"file": f"docs/d{i:02}.txt", "category": "governing_law",
                          "text": "This Agreement is governed by the laws of England."})
    (tmp_path / "labels.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "spans.jsonl").write_text("".join(json.dumps(s) + "\n" for s in spans), encoding="utf-8")
    return tmp_path / "labels.csv"


def test_build_is_deterministic_and_learns(tmp_path: Path, categories) -> None:  # type: ignore[no-untyped-def]
    docs = learn.read_training_set(_corpus(tmp_path), categories)
    assert sum(1 for d in docs for _, t in d.units if "termination_for_convenience" in t) == 6
    a, b = learn.build_model(docs).to_json(), learn.build_model(docs).to_json()
    assert a == b
    model = load_model(a)
    s = model.scores("Either party may terminate this Agreement for convenience on notice.")
    assert s["termination_for_convenience"] > model.scores("Fees are payable monthly.")["termination_for_convenience"]


def test_each_fold_is_judged_by_a_model_that_never_saw_it(tmp_path: Path, categories, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    docs = learn.read_training_set(_corpus(tmp_path), categories)
    seen: list[set[str]] = []
    real = learn.build_model

    def spy(train, **kw):  # type: ignore[no-untyped-def]
        seen.append({d.file for d in train})
        return real(train, **kw)

    monkeypatch.setattr(learn, "build_model", spy)
    report, per_fold = learn.cross_validate(docs, categories, folds=3)
    assert len(seen) == 3 and len(per_fold) == 3
    for k, train in enumerate(seen):
        held = {d.file for d in docs if learn.fold_of(d.file, 3) == k}
        assert held and not held & train and held | train == {d.file for d in docs}
    assert sum(s.support for s in report.scores if s.category == "termination_for_convenience") == 6


def test_bad_spans_name_the_line(tmp_path: Path, categories) -> None:  # type: ignore[no-untyped-def]
    from clause_library.errors import DocumentReadError

    labels = _corpus(tmp_path)
    (tmp_path / "spans.jsonl").write_text('{"file": "docs/d00.txt"}\n', encoding="utf-8")
    with pytest.raises(DocumentReadError, match=r"line 1: expected a JSON object with file, category and text"):
        learn.read_training_set(labels, categories)
    (tmp_path / "spans.jsonl").unlink()
    with pytest.raises(DocumentReadError, match=r"spans\.jsonl beside labels\.csv is needed"):
        learn.read_training_set(labels, categories)


def test_two_outer_folds_leave_both_inner_folds_something(tmp_path: Path, categories) -> None:  # type: ignore[no-untyped-def]
    # the inner folds were once drawn from the same hash as the outer ones: with --folds 2 each training
    # half fell into one inner fold and the other was empty (a traceback from scikit-learn)
    docs = learn.read_training_set(_corpus(tmp_path), categories)
    for k in range(2):
        train = [d for d in docs if learn.fold_of(d.file, 2) != k]
        assert {learn.fold_of(d.file, learn.INNER_FOLDS, "#inner") for d in train} == set(range(learn.INNER_FOLDS))
    report, per_fold = learn.cross_validate(docs, categories, folds=2)
    assert len(per_fold) == 2 and report.documents == len(docs)


def test_a_handful_of_contracts_still_cross_validates(tmp_path: Path, categories) -> None:  # type: ignore[no-untyped-def]
    labels = _corpus(tmp_path)
    rows = labels.read_text(encoding="utf-8").splitlines()
    labels.write_text("\n".join(rows[:4]) + "\n", encoding="utf-8")  # three contracts
    docs = learn.read_training_set(labels, categories)
    report, per_fold = learn.cross_validate(docs, categories, folds=3)
    assert len(per_fold) == 3 and report.documents == 3
