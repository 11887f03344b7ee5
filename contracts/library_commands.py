"""``contracts clauses …`` and ``contracts templates check``: the clause library and the Word templates."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from clause_library import DocumentKind, Lang
from clause_library.catalogue import lint_library, list_clauses, show_clause
from clause_library.loader import default_library

from .app import Typer, app, console, err

__all__ = ["clauses_app", "templates_app"]

clauses_app = Typer(help="The clause library: list, show and check clauses.", no_args_is_help=True)
app.add_typer(clauses_app, name="clauses")


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


templates_app = Typer(help="The Word templates: check them.", no_args_is_help=True)
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


