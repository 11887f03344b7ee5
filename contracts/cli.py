"""The ``contracts`` command: options and output only; the work is done in the packages."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
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


def main() -> None:
    """Entry point: run the app, turning the project's errors into a message and exit status 2."""
    try:
        app()
    except ContractsError as e:
        fail(str(e))
    except KeyboardInterrupt:
        err.print("interrupted; nothing was left half-written")
        sys.exit(130)
