"""``contracts review``, ``review-eval`` and ``model-build``: the reviewer, measured and retrained."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from clause_library.models import Condition, DocumentKind, OutsourcingKind
from review.report import ReportFormat

from .app import app, console, err, fail

__all__: list[str] = []


@app.command("review")
def review_cmd(
    files: Annotated[list[Path], typer.Argument(metavar="FILE|DIR...", help=".docx, .pdf or .txt files, or "
                                                "folders (their .docx/.pdf/.txt files are reviewed).")],
    kind: Annotated[DocumentKind | None, typer.Option(help="Document kind (default: recognised).")] = None,
    outsourcing: Annotated[OutsourcingKind | None, typer.Option(help="Outsourcing kind of a service "
                                                                "contract (default: recognised).")] = None,
    condition: Annotated[list[Condition] | None, typer.Option("--condition", help="A fact about the "
                                                              "engagement, e.g. personal_information_entrusted; "
                                                              "repeatable.")] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", help="rich (terminal), md, json or html.")
                   ] = ReportFormat.rich,
    out: Annotated[Path | None, typer.Option("--out", metavar="DIR", help="Write one report per document into this "
                                             "folder instead of printing.")] = None,
    password: Annotated[str | None, typer.Option(help="Password of encrypted PDFs.")] = None,
) -> None:
    """Review contracts: what is missing or wrong, per role. Exit 0 no blockers, 1 blockers, 2 unreadable."""
    from review.batch import review_paths
    from review.report import render, render_json, render_rich

    if out is not None:
        if out.exists() and not out.is_dir():
            fail(f"--out {out} is a file, not a folder: give a folder for the reports (it is made if missing)")
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            fail(f"--out {out}: cannot make this folder ({e.strerror or e}); give a folder you can write to")
    with _ReviewProgress(len(files)) as progress:
        batch = review_paths(files, fmt=ReportFormat.md if fmt is ReportFormat.rich and out else fmt, out=out,
                             progress=progress,
                             kind=kind, outsourcing=outsourcing, conditions=tuple(condition or ()),
                             password=password)
    for skipped in batch.skipped:
        err.print(f"skipped {skipped}", markup=False, soft_wrap=True)
    if out is not None:
        for path in batch.written:
            console.print(f"wrote {path}", markup=False)
    elif fmt is ReportFormat.rich:
        for result in batch.results:
            console.print(render_rich(result))
    elif fmt is ReportFormat.json:
        console.out(render_json(batch.results if len(batch.results) != 1 else batch.results[0]), end="")
    else:
        for result in batch.results:
            console.out(render(result, fmt), end="")
    raise typer.Exit(int(batch.status))


class _ReviewProgress:
    """A progress bar on stderr when several files (or a folder) are reviewed."""

    def __init__(self, n_args: int) -> None:
        self.n_args = n_args

    def __enter__(self) -> _ReviewProgress:
        from rich.progress import Progress

        self.bar = Progress(console=err, transient=True, disable=not err.is_terminal)
        self.task = self.bar.add_task("reviewing", total=None)
        self.bar.start()
        return self

    def __call__(self, path: str) -> None:
        self.bar.update(self.task, advance=1, description=f"reviewed {Path(path).name}")

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()


@app.command("review-eval")
def review_eval_cmd(
    labels: Annotated[Path, typer.Argument(metavar="LABELS.csv", help="labels.csv: a 'file' column (paths "
                                           "relative to the CSV) and one 0/1 column per category id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the same figures as JSON.")] = False,
    workers: Annotated[int, typer.Option(help="Processes to use.")] = 2,
    folds: Annotated[int, typer.Option("--folds", min=0, max=20, metavar="K", help=(
        "Cross-validate the learned clause model: K folds by file, each judged by the patterns and a model "
        "(and thresholds) fitted on the other folds only. Needs spans.jsonl (clause excerpts) beside the "
        "CSV. 0: judge the shipped reviewer as it is."))] = 0,
) -> None:
    """Measure the reviewer on labelled documents: per-category support, TP/FP/FN, P/R/F1, macro/micro F1.

    With labels for `kind` and `outsourcing` columns, also how often they were read right and every false
    "mandatory clause missing" blocker.
    """
    from rich.progress import Progress

    from review.evaluate import evaluate, render_table

    if not labels.is_file():
        fail(f"{labels}: no such labels file")
    if folds == 1:
        fail("--folds: at least 2 folds (or 0 for no cross-validation)")
    if folds:
        _cross_validate(labels, folds, as_json)
        return
    with Progress(console=err, transient=True) as bar:
        task = bar.add_task("evaluating", total=None)

        def progress(i: int, n: int, path: str) -> None:
            bar.update(task, completed=i, total=n, description=f"{Path(path).name}")

        report = evaluate(labels, workers=workers, progress=progress)
    if as_json:
        print(report.to_json())
    else:
        console.print(render_table(report), markup=False, soft_wrap=True)


@app.command("model-build")
def model_build_cmd(
    labels: Annotated[Path, typer.Argument(metavar="LABELS.csv", help="labels.csv with spans.jsonl beside it "
                                           "(as ../shared/eval/cuad-train has them).")],
    out: Annotated[Path, typer.Option("--out", metavar="FILE", help="Where to write the model: JSON, gzipped "
                                      "when the name ends in .gz.")] = Path("review/data/clause_model.json.gz"),
) -> None:
    """Rebuild the learned clause model the reviewer ships, from labelled contracts and their clause excerpts.

    Deterministic: the same data gives the same bytes. Thresholds and modes come from a 2-fold cross-validation
    over the training contracts. Measure it first with `contracts review-eval LABELS.csv --folds 5`.
    """
    from rich.progress import Progress

    from review.training import build_model_file

    with Progress(console=err, transient=True) as bar:
        task = bar.add_task("reading", total=None)
        model = build_model_file(labels, out, progress=lambda what: bar.update(task, description=what))
    modes = ", ".join(f"{cid} {cm.mode}" for cid, cm in sorted(model.categories.items()))
    console.print(f"{out}: {len(model.vocabulary)} terms, {len(model.categories)} categories ({modes})",
                  markup=False, soft_wrap=True)


def _cross_validate(labels: Path, folds: int, as_json: bool) -> None:
    """``review-eval --folds K``: the cross-validated figures, as a table or JSON."""
    from rich.progress import Progress

    from review.evaluate import render_table
    from review.training import cross_validate_labels

    with Progress(console=err, transient=True) as bar:
        task = bar.add_task("reading", total=None)
        cv, per_fold = cross_validate_labels(labels, folds, progress=lambda what: bar.update(task, description=what))
    if as_json:
        import json

        print(json.dumps({**cv.to_dict(), "folds": folds, "fold_macro_f1": per_fold}, ensure_ascii=False, indent=2))
        return
    console.print(render_table(cv), markup=False, soft_wrap=True)
    figures = ", ".join("n/a" if f is None else f"{f:.3f}" for f in per_fold)
    console.print(f"{folds}-fold cross-validation: each fold judged by a model fitted on the others; "
                  f"macro F1 per fold: {figures}", markup=False, soft_wrap=True)
