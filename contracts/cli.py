"""The ``contracts`` command: options and output only; the work is done in the packages."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
import typer.core
from rich.console import Console
from rich.table import Table

from clause_library import ContractsError, DocumentKind, Lang
from clause_library.catalogue import lint_library, list_clauses, show_clause
from clause_library.loader import default_library

__all__ = ["app", "main"]

app = typer.Typer(
    help="Draft, review and sign off outsourcing contracts, NDAs and confidentiality pledges (zh/en).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
clauses_app = typer.Typer(help="The clause library: list, show and check clauses.", no_args_is_help=True)
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
    root: Annotated[Path | None, typer.Option(help="Library folder to check (default: the shipped one).")] = None,
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
    request: Annotated[Path, typer.Argument(help="Request file (.yaml, .yml or .json).")],
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("output"),
    pdf: Annotated[bool, typer.Option("--pdf", help="Also convert to PDF with LibreOffice.")] = False,
) -> None:
    """Draft one contract, NDA or pledge from a request into OUT/<contract-no>/."""
    from generator.draft import draft

    result = draft(request, out, pdf=pdf)
    _say_written(result.folder, result.files)


def _say_written(folder: Path, files: list[Path]) -> None:
    console.print(f"wrote [bold]{folder}[/]:")
    for f in files:
        console.print(f"  {f.name}  ({f.stat().st_size:,} bytes)")


@app.command("demo")
def demo_cmd(
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("output"),
    pdf: Annotated[bool, typer.Option("--pdf", help="Also convert to PDF with LibreOffice.")] = False,
) -> None:
    """The main job on the shipped examples: draft every example document into OUT."""
    from generator.demo import run_demo

    run_demo(out, pdf=pdf, say=lambda s: console.print(s, markup=False))


templates_app = typer.Typer(help="The Word templates: check them.", no_args_is_help=True)
app.add_typer(templates_app, name="templates")


@templates_app.command("check")
def templates_check(
    folder: Annotated[Path | None, typer.Option(help="Template folder (default: the shipped templates/).")] = None,
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


class _SignoffGroup(typer.core.TyperGroup):
    """`contracts signoff FILE …` records a decision; `signoff status|verify` are subcommands."""

    # ctx is typer's vendored click Context, which typer does not export: hence Any.
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["record", *args]
        return super().parse_args(ctx, args)


signoff_app = typer.Typer(
    cls=_SignoffGroup, no_args_is_help=True,
    help="Sign-off ledger. `contracts signoff FILE --role R --by NAME` records a decision (same as "
         "`signoff record FILE …`); `signoff status FILE` shows each role's state; `signoff verify` checks the "
         "hash chain. Ledger: --db PATH, else $CONTRACTS_SIGNOFF_DB, else output/signoff.sqlite3.",
)
app.add_typer(signoff_app, name="signoff")
DbOption = Annotated[Path | None, typer.Option("--db", help="Ledger file (default: $CONTRACTS_SIGNOFF_DB or "
                                                            "output/signoff.sqlite3).")]


@signoff_app.command("record")
def signoff_record(
    file: Annotated[Path, typer.Argument(help="The contract (.docx or .pdf) being signed off.")],
    role: Annotated[str, typer.Option("--role", help="legal, finance or business.")],
    by: Annotated[str, typer.Option("--by", help="Name of the person signing off.")],
    reject: Annotated[bool, typer.Option("--reject", help="Record a rejection instead of an approval.")] = False,
    comment: Annotated[str, typer.Option("--comment", help="Comment kept with the decision.")] = "",
    override: Annotated[bool, typer.Option("--override", help="Approve despite this role's blockers "
                                                              "(needs --reason).")] = False,
    reason: Annotated[str | None, typer.Option("--reason", help="Why the blockers are overridden.")] = None,
    db: DbOption = None,
) -> None:
    """Review FILE, then record ROLE's decision on its current bytes; refused while ROLE has blockers."""
    from review.ledger import sign_off

    if override != (reason is not None):
        fail("--override and --reason go together: --override --reason \"why the blockers are acceptable\"")
    e = sign_off(file, role, by, reject=reject, comment=comment, override_reason=reason, db=db)
    note = f" OVERRIDE: {e.override_reason}" if e.override else ""
    console.print(f"recorded #{e.id}: {e.role.value} {e.decision.value} by {e.person} for {e.file_name} "
                  f"(sha256 {e.doc_sha256[:16]}…){note}", markup=False)


@signoff_app.command("status")
def signoff_status(
    file: Annotated[Path, typer.Argument(help="The contract (.docx or .pdf).")],
    db: DbOption = None,
) -> None:
    """Each role's state for FILE's current bytes; approvals of earlier bytes are listed as void."""
    from review.ledger import status

    st = status(file, db)
    ident = st.identity
    console.print(f"{ident.file_name}  contract {ident.contract_no or '-'}  sha256 {ident.sha256}", markup=False)
    table = Table(show_lines=False)
    for col in ("role", "state", "by", "when (UTC)", "override", "void approvals"):
        table.add_column(col, overflow="fold")
    for r, rs in st.roles.items():
        e = rs.entry
        table.add_row(r.value, rs.state.value, e.person if e else "-", e.at.strftime("%Y-%m-%d %H:%M:%S") if e else "-",
                      "; ".join(f"{o.person}: {o.override_reason}" for o in rs.overrides) or "-",
                      "; ".join(f"#{v.id} {v.person} (sha256 {v.doc_sha256[:12]}…)" for v in rs.void) or "-")
    console.print(table)
    console.print("all three approved" if st.all_approved else "NOT approved by all of legal, finance and business")


@signoff_app.command("verify")
def signoff_verify(db: DbOption = None) -> None:
    """Walk the ledger's hash chain; list every edited, deleted or inserted row; exit 1 if broken."""
    from review.ledger import verify

    result = verify(db)
    for p in result.problems:
        err.print(str(p), markup=False)
    if not result.ok:
        err.print(f"[bold red]ledger {result.db} is BROKEN:[/] {len(result.problems)} problem(s) in {result.rows} rows")
        raise typer.Exit(1)
    console.print(f"ledger {result.db} OK: {result.rows} rows, head {result.head}", markup=False)


@app.command("pack")
def pack_cmd(
    file: Annotated[Path, typer.Argument(help="The contract (.docx or .pdf).")],
    out: Annotated[Path | None, typer.Option("--out", help="Pack PDF (default: <FILE stem>-signoff-pack.pdf "
                                                           "beside FILE).")] = None,
    db: DbOption = None,
) -> None:
    """Sign-off pack PDF: cover, contract (watermarked until all three approve), report, sign-off sheet."""
    from contracts.pack import build_signoff_pack

    console.print(f"wrote {build_signoff_pack(file, out, db)}", markup=False)


def main() -> None:
    """Entry point: run the app, turning the project's errors into a message and exit status 2."""
    try:
        app()
    except ContractsError as e:
        fail(str(e))
    except KeyboardInterrupt:
        err.print("interrupted; nothing was left half-written")
        sys.exit(130)
