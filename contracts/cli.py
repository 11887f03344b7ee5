"""The ``contracts`` command: options and output only; the work is done in the packages."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal, NoReturn, TypeVar

import typer
import typer.core
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from clause_library import ContractsError, DocumentKind, Lang
from clause_library.catalogue import lint_library, list_clauses, show_clause
from clause_library.loader import default_library
from clause_library.models import Condition, OutsourcingKind, Role

__all__ = ["INTERRUPTED", "app", "main"]

INTERRUPTED = ("interrupted (exit 130). What was finished before Ctrl-C is in place; what was being written was "
               "not: outputs are written under a staging name and moved into place only when complete, so "
               "nothing half-written was left. Run the command again to finish.")


class _Interrupted(BaseException):
    """Ctrl-C inside a command, carried past typer (which turns KeyboardInterrupt into a silent exit 130)
    to main(), which says what was and was not written. A BaseException, as KeyboardInterrupt is, so that
    no ``except Exception`` in the work swallows it."""


def _readable_help(params: list[Any]) -> list[Any]:
    """Help types a reader can use: a flag takes no value, so it shows none (typer prints ``<bool>``);
    an argument with a metavar (FILE, DIR) shows that, not ``<path>`` or ``<list[Path]>`` beside it."""
    for param in params:
        if isinstance(param, typer.core.TyperOption) and param.is_flag:
            param.metavar = ""
        elif isinstance(param, typer.core.TyperArgument) and param.metavar:
            param.__class__ = _NamedArgument
    return params


class _NamedArgument(typer.core.TyperArgument):
    def display_type_rich(self, ctx: Any) -> str | None:
        return None  # the metavar in the name column already says what it is


# ctx below is typer's vendored click Context, which typer does not export: hence Any.
class _Command(typer.core.TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        return _readable_help(super().get_params(ctx))


class _Group(typer.core.TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return _readable_help(super().get_params(ctx))


class _RootGroup(_Group):
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as e:
            raise _Interrupted from e


_F = TypeVar("_F", bound=Callable[..., Any])


class _Typer(typer.Typer):
    """typer.Typer whose commands and groups show readable help types (see _readable_help)."""

    def __init__(self, *, cls: type[typer.core.TyperGroup] | None = None, **kwargs: Any) -> None:
        super().__init__(cls=cls or _Group, **kwargs)

    def command(self, name: str | None = None, *, cls: type[typer.core.TyperCommand] | None = None,
                **kwargs: Any) -> Callable[[_F], _F]:
        return super().command(name, cls=cls or _Command, **kwargs)


app = _Typer(
    cls=_RootGroup,
    help="Draft, review and sign off outsourcing contracts, NDAs and confidentiality pledges (zh/en).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
clauses_app = _Typer(help="The clause library: list, show and check clauses.", no_args_is_help=True)
app.add_typer(clauses_app, name="clauses")

console = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", markup=True, soft_wrap=True)
    raise typer.Exit(code)


@clauses_app.command("list")
def clauses_list(
    category: Annotated[str | None, typer.Option(help="Only this category id, e.g. confidentiality.")] = None,
    kind: Annotated[DocumentKind | None, typer.Option(help="Only clauses for this document kind.")] = None,
    lang: Annotated[Lang, typer.Option(help="Language of titles.")] = Lang.zh,
) -> None:
    """List the library's clauses as a table."""
    rows = list_clauses(default_library(), category=category, kind=kind, lang=lang)
    table = Table(title=f"{len(rows)} clauses", show_lines=False)
    for col in ("id", "category", "title", "kinds", "outsourcing", "when", "version", "status", "variants"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r.id, r.category, r.title, r.kinds, r.outsourcing, r.conditions, r.version, r.status,
                      r.variants)
    console.print(table)


@clauses_app.command("show")
def clauses_show(
    clause_id: Annotated[str, typer.Argument(metavar="ID", help="Clause id, e.g. svc.confidentiality.")],
    variant: Annotated[str | None, typer.Option(help="Variant to show (default: the clause's default).")] = None,
    lang: Annotated[Lang, typer.Option(help="Language.")] = Lang.zh,
) -> None:
    """Show one clause: facts, variables and text."""
    console.print(show_clause(default_library(), clause_id, variant=variant, lang=lang), markup=False)


@clauses_app.command("check")
def clauses_check(
    root: Annotated[Path | None, typer.Option(metavar="DIR", help="Library folder to check (default: the "
                                              "shipped one).")] = None,
) -> None:
    """Lint the library: list every problem at once, with file and line; exit 1 if any."""
    lib, problems = lint_library(root)
    for p in problems:
        err.print(str(p), markup=False, soft_wrap=True)
    if problems:
        err.print(f"[bold red]{len(problems)} problem(s)[/] in {lib.root}")
        raise typer.Exit(1)
    n_var = sum(len(c.variants) for c in lib.clauses.values())
    console.print(f"library OK: {len(lib.clauses)} clauses ({n_var} variants) in {len(lib.categories)} categories, "
              f"{len(lib.playbooks)} playbooks")


@app.command("draft")
def draft_cmd(
    request: Annotated[Path, typer.Argument(metavar="REQUEST", help="Request file (.yaml, .yml or .json).")],
    out: Annotated[Path, typer.Option("--out", metavar="DIR", help="Output folder.")] = Path("output"),
    pdf: Annotated[bool, typer.Option("--pdf", help="Also convert to PDF with LibreOffice.")] = False,
) -> None:
    """Draft one document from a request into OUT/<contract-no>/: a service contract, NDA or pledge, or one of
    a contract's later papers (security_agreement, integrity_agreement, power_of_attorney, change_agreement,
    termination_agreement).

    An NDA or pledge naming its main service contract (main_contract: its number, drafted into the same output
    folder first, or the path of its drafted folder or manifest.json) takes what it leaves out from that contract
    and is refused (exit 2) where it disagrees, naming the field and both values; the later papers always name
    it. A change agreement quotes and recomputes from it; a termination sums its settlement; both refuse figures
    or dates that no longer agree, naming the field.
    """
    from generator.draft import draft

    result = draft(request, out, pdf=pdf)
    _say_written(result.folder, result.files, result.replaced)
    _say_defaults(result.assembled.defaults)


def _say_defaults(defaults: list[tuple[str, str]]) -> None:
    """List on stderr every default the draft applied (also in manifest.json): give the field to decide it."""
    if not defaults:
        return
    err.print(f"{len(defaults)} default(s) applied (listed in manifest.json; set them in the request to decide "
              "otherwise):", markup=False, soft_wrap=True)
    for name, value in defaults:
        err.print(f"  {name}: {value}", markup=False, soft_wrap=True)


def _say_written(folder: Path, files: list[Path], replaced: bool) -> None:
    console.print(f"{'replaced existing' if replaced else 'wrote'} [bold]{escape(str(folder))}[/]:", soft_wrap=True)
    for f in files:
        console.print(f"  {f.name}  ({f.stat().st_size:,} bytes)")


@app.command("demo")
def demo_cmd(
    out: Annotated[Path, typer.Option("--out", metavar="DIR", help="Output folder.")] = Path("output"),
    pdf: Annotated[bool, typer.Option("--pdf", help="Also convert to PDF with LibreOffice.")] = False,
) -> None:
    """The main job on the shipped examples: draft every example document into OUT (the IT, BPO and HR
    contracts, then the documents made for them: an NDA pack for each contract's vendor staff), then review
    each one and write its report (.md, .html, .json) beside it."""
    from contracts.demo import run_demo_and_review

    run_demo_and_review(out, pdf=pdf, say=lambda s: console.print(s, markup=False, soft_wrap=True))


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
    fmt: Annotated[Literal["rich", "md", "json", "html"], typer.Option("--format", help="rich (terminal), md, "
                                                                         "json or html.")] = "rich",
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
        batch = review_paths(files, fmt="md" if fmt == "rich" and out else fmt, out=out, progress=progress,
                             kind=kind, outsourcing=outsourcing, conditions=tuple(condition or ()),
                             password=password)
    for skipped in batch.skipped:
        err.print(f"skipped {skipped}", markup=False, soft_wrap=True)
    if out is not None:
        for path in batch.written:
            console.print(f"wrote {path}", markup=False)
    elif fmt == "rich":
        for result in batch.results:
            console.print(render_rich(result))
    elif fmt == "json":
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
        from review.evaluate import load_categories
        from review.learn import cross_validate, read_training_set

        categories = load_categories()
        with Progress(console=err, transient=True) as bar:
            task = bar.add_task("reading", total=None)
            docs = read_training_set(labels, categories, progress=lambda name: bar.update(
                task, description=f"reading {Path(name).name}"))
            cv, per_fold = cross_validate(docs, categories, folds=folds, labels=str(labels),
                                          progress=lambda what: bar.update(task, description=what))
        if as_json:
            import json

            print(json.dumps({**cv.to_dict(), "folds": folds, "fold_macro_f1": per_fold}, ensure_ascii=False,
                             indent=2))
        else:
            console.print(render_table(cv), markup=False, soft_wrap=True)
            figures = ", ".join("n/a" if f is None else f"{f:.3f}" for f in per_fold)
            console.print(f"{folds}-fold cross-validation: each fold judged by a model fitted on the others; "
                          f"macro F1 per fold: {figures}", markup=False, soft_wrap=True)
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
    import hashlib

    from rich.progress import Progress

    from review.evaluate import load_categories
    from review.learn import build_model, read_training_set
    from review.model import model_bytes

    if not labels.is_file():
        fail(f"{labels}: no such labels file")
    categories = load_categories()
    digest = hashlib.sha256(labels.read_bytes() + (labels.parent / "spans.jsonl").read_bytes()
                            if (labels.parent / "spans.jsonl").is_file() else labels.read_bytes()).hexdigest()
    with Progress(console=err, transient=True) as bar:
        task = bar.add_task("reading", total=None)
        docs = read_training_set(labels, categories, progress=lambda name: bar.update(
            task, description=f"reading {Path(name).name}"))
        model = build_model(docs, source=f"{labels.parent.name}: {len(docs)} documents, labels+spans sha256 "
                                         f"{digest[:16]}", progress=lambda what: bar.update(task, description=what))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(model_bytes(model, out.name))
    tmp.replace(out)
    modes = ", ".join(f"{cid} {cm.mode}" for cid, cm in sorted(model.categories.items()))
    console.print(f"{out}: {len(model.vocabulary)} terms, {len(model.categories)} categories ({modes})",
                  markup=False, soft_wrap=True)


@app.command("nda-pack")
def nda_pack_cmd(
    request: Annotated[Path, typer.Argument(metavar="REQUEST", help="NDA request file (.yaml, .yml or .json), "
                                            "kind: nda.")],
    roster: Annotated[Path, typer.Option("--roster", metavar="FILE", help="The vendor's staff list (.xlsx or .csv). "
                                         "Of a workbook one worksheet is read: the active one (the sheet Excel "
                                         "opens on), or --sheet; hidden rows are read like the others, and named "
                                         "in a warning.")],
    out: Annotated[Path, typer.Option("--out", metavar="DIR", help="Output folder.")] = Path("output"),
    sheet: Annotated[str | None, typer.Option("--sheet", metavar="NAME", help="The worksheet of an .xlsx roster to "
                                              "read (default: the active one).")] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also a PDF of each document and one merged PDF (two "
                                      "LibreOffice processes for over 40 documents).")] = False,
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="Leave bad rows out (listed in "
                                                "invalid-rows.csv) instead of writing nothing.")] = False,
    full_id: Annotated[bool, typer.Option("--full-id", help="Print full ID numbers in the pledges "
                                           "(default: masked, PIPL minimum).")] = False,
) -> None:
    """The NDA plus one confidentiality pledge per person on the roster, into OUT/<contract-no>-pack/, with the
    NDA's annex staff-list.docx (外包人员清单) and an index of what each person signs.

    An NDA made for a service contract (IT, BPO or HR) names it: main_contract: its number (drafted into the
    same output folder first) or the path of its drafted folder or manifest.json. The NDA and every pledge then cite
    it and take its parties, project, term, engagement facts, damages per breach and periods; a value that
    disagrees with it, or a roster row starting outside its term, is refused naming both values (exit 2).
    Pledges are numbered MAIN-P001, … after the family's pledges already in OUT; a person who already has one
    there is skipped with a warning naming it (everyone: exit 2, nothing written).
    Warnings on stderr name the sheets not read and the hidden rows and columns that were read.
    """
    from generator.pack import nda_pack

    with _PackProgress() as progress:
        result = nda_pack(request, roster, out, pdf=pdf, skip_invalid=skip_invalid, full_id=full_id, sheet=sheet,
                          progress=progress)
    for note in result.notes:
        err.print(f"warning: {note}", markup=False, soft_wrap=True)
    for p in result.skipped:
        err.print(f"skipped: {p}", markup=False, soft_wrap=True)
    verb = "replaced existing" if result.replaced else "wrote"
    console.print(f"{verb} [bold]{escape(str(result.folder))}[/]: the NDA and {len(result.pledges)} pledge(s)"
                  + (f", {len(result.skipped_rows)} bad row(s) left out" if result.skipped_rows else ""),
                  soft_wrap=True)
    for f in result.files:
        console.print(f"  {f.name}  ({f.stat().st_size:,} bytes)", markup=False)
    console.print(f"  pledges/  ({len(result.pledges)} .docx{' + .pdf' if pdf else ''})", markup=False)
    console.print(f"  zip sha256 {result.zip_sha256}", markup=False)


class _PackProgress:
    """Progress bars for packs of more than a few dozen people, and for every PDF conversion (per document)."""

    THRESHOLD = 30

    def __enter__(self) -> _PackProgress:
        from rich.progress import Progress

        self.bar = Progress(console=err, transient=True)
        self.tasks: dict[str, Any] = {}
        self.started = False
        return self

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.started:
            if stage == "pledges" and total <= self.THRESHOLD:
                return
            self.bar.start()
            self.started = True
        if stage not in self.tasks:
            label = "pledges" if stage == "pledges" else "PDF (LibreOffice)"
            self.tasks[stage] = self.bar.add_task(label, total=total)
        self.bar.update(self.tasks[stage], completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.started:
            self.bar.stop()


templates_app = _Typer(help="The Word templates: check them.", no_args_is_help=True)
app.add_typer(templates_app, name="templates")


@templates_app.command("check")
def templates_check(
    folder: Annotated[Path | None, typer.Option(metavar="DIR", help="Template folder (default: the shipped "
                                                "ones).")] = None,
) -> None:
    """List each template's variables; fail on syntax errors and variables no request provides."""
    from generator.templates import check_templates

    reports = check_templates(folder)
    bad = 0
    for r in reports:
        status = "[green]ok[/]" if not r.problems else "[red]FAILED[/]"
        console.print(f"{r.path.name}: {status}  variables: {', '.join(sorted(r.variables)) or '-'}")
        for p in r.problems:
            err.print(f"  {r.path}: {p}", markup=False)
            bad += 1
    if bad:
        raise typer.Exit(1)


class _SignoffGroup(_Group):
    """`contracts signoff FILE …` records a decision; `signoff status|verify` are subcommands."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["record", *args]
        return super().parse_args(ctx, args)


signoff_app = _Typer(
    cls=_SignoffGroup, no_args_is_help=True,
    help="Sign-off ledger. `contracts signoff FILE --role R --by NAME` records a decision (same as "
         "`signoff record FILE …`); `signoff status FILE` shows each role's state; `signoff verify` checks the "
         "hash chain. Ledger: --db PATH, else $CONTRACTS_SIGNOFF_DB, else output/signoff.sqlite3; only a "
         "recorded decision creates it. Every command verifies the whole chain first and refuses a broken "
         "ledger (exit 1).",
)
app.add_typer(signoff_app, name="signoff")
DbOption = Annotated[Path | None, typer.Option("--db", metavar="FILE", help="Ledger file (default: "
                                              "$CONTRACTS_SIGNOFF_DB or output/signoff.sqlite3).")]
PasswordOption = Annotated[str | None, typer.Option("--password", metavar="PW", help="Password of an encrypted PDF.")]


@signoff_app.command("record")
def signoff_record(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The contract (.docx or .pdf) being signed off.")],
    role: Annotated[Role, typer.Option("--role", help="Whose decision: legal, finance or business.")],
    by: Annotated[str, typer.Option("--by", help="Name of the person signing off.")],
    reject: Annotated[bool, typer.Option("--reject", help="Record a rejection instead of an approval.")] = False,
    comment: Annotated[str, typer.Option("--comment", help="Comment kept with the decision.")] = "",
    override: Annotated[bool, typer.Option("--override", help="Approve despite this role's blockers "
                                                              "(needs --reason).")] = False,
    reason: Annotated[str | None, typer.Option("--reason", help="Why the blockers are overridden.")] = None,
    password: PasswordOption = None,
    db: DbOption = None,
) -> None:
    """Review FILE, then record ROLE's decision on its current bytes. Exit 1 when refused (ROLE has
    blockers, or the ledger is broken), 2 on bad input."""
    from review.ledger import printable, sign_off

    if override != (reason is not None):
        fail("--override and --reason go together: --override --reason \"why the blockers are acceptable\"")
    e = sign_off(file, role, by, reject=reject, comment=comment, override_reason=reason, password=password, db=db,
                 on_create=lambda path: console.print(f"created new sign-off ledger at {path}", markup=False))
    note = f" OVERRIDE: {e.override_reason}" if e.override else ""
    console.print(printable(f"recorded #{e.id}: {e.role.value} {e.decision.value} by {e.person} for {e.file_name} "
                            f"(sha256 {e.doc_sha256[:16]}…){note}"), markup=False)


@signoff_app.command("status")
def signoff_status(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The contract (.docx or .pdf).")],
    password: PasswordOption = None,
    db: DbOption = None,
) -> None:
    """Each role's state for FILE's current bytes; approvals of earlier bytes are listed as void.
    Exit 1 when the ledger is broken, 2 when there is none at the path."""
    from review.ledger import printable, status

    st = status(file, db, password=password)
    ident = st.identity
    console.print(printable(f"{ident.file_name}  contract {ident.contract_no or '-'}  sha256 {ident.sha256}"),
                  markup=False)
    table = Table(show_lines=False)
    for col in ("role", "state", "by", "when (UTC)", "override", "void approvals"):
        table.add_column(col, overflow="fold")
    for r, rs in st.roles.items():
        e = rs.entry
        table.add_row(*map(printable, (
            r.value, rs.state.value, e.person if e else "-", e.at.strftime("%Y-%m-%d %H:%M:%S") if e else "-",
            "; ".join(f"{o.person}: {o.override_reason}" for o in rs.overrides) or "-",
            "; ".join(f"#{v.id} {v.person} (sha256 {v.doc_sha256[:12]}…)" for v in rs.void) or "-")))
    console.print(table)
    console.print(f"ledger verified: {st.chain.rows} rows, head {st.chain.head[:16]}…", markup=False)
    console.print("all three approved" if st.all_approved else "NOT approved by all of legal, finance and business")


@signoff_app.command("verify")
def signoff_verify(db: DbOption = None) -> None:
    """Walk the ledger's hash chain; list every edited, deleted, inserted or corrupted row; exit 1 if
    broken, 2 when there is no ledger at the path (none is created)."""
    from review.ledger import verify

    result = verify(db)
    for p in result.problems:
        err.print(str(p), markup=False, soft_wrap=True)
    if result.more:
        err.print(f"… and {result.more} more problem(s)", markup=False)
    if not result.ok:
        err.print(f"[bold red]ledger {escape(str(result.db))} is BROKEN:[/] {len(result.problems) + result.more} "
                  f"problem(s) in {result.rows} rows; restore it from a backup", soft_wrap=True)
        raise typer.Exit(1)
    console.print(f"ledger {result.db} OK: {result.rows} rows, head {result.head}", markup=False)


@app.command("pack")
def pack_cmd(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The contract (.docx or .pdf).")],
    out: Annotated[Path | None, typer.Option("--out", metavar="FILE|DIR", help="The pack's .pdf file, or an "
                                             "existing folder to write <FILE stem>-signoff-pack.pdf into "
                                             "(default: beside FILE).")] = None,
    password: PasswordOption = None,
    db: DbOption = None,
) -> None:
    """Sign-off pack PDF: cover, contract (watermarked until all three approve), report, sign-off sheet.
    Exit 1 when the ledger is broken, 2 on bad input (no ledger at the path, a bad --out)."""
    from contracts.pack import build_signoff_pack

    console.print(f"wrote {build_signoff_pack(file, out, db, password=password)}", markup=False)


def main() -> None:
    """Entry point: run the app, turning the project's errors into a message and their exit status
    (2 bad input; 1 a check found problems, e.g. a broken ledger or a sign-off refused for blockers)."""
    try:
        app()
    except ContractsError as e:
        # Not fail(): typer.Exit outside app() is a traceback; and messages hold [field] paths, not markup.
        err.print("[bold red]error:[/] " + escape(str(e)), soft_wrap=True)
        sys.exit(e.exit_code)
    except (KeyboardInterrupt, _Interrupted):
        err.print(INTERRUPTED, markup=False, soft_wrap=True)
        sys.exit(130)
