"""``contracts signoff …`` and ``contracts pack``: the sign-off ledger and the sign-off pack."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from clause_library.models import Role

from .app import Group, Typer, app, console, err, fail

__all__ = ["signoff_app"]


class _SignoffGroup(Group):
    """`contracts signoff FILE …` records a decision; `signoff status|verify` are subcommands."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["record", *args]
        return super().parse_args(ctx, args)


signoff_app = Typer(
    cls=_SignoffGroup, no_args_is_help=True,
    help="Sign-off ledger. `contracts signoff FILE --role R --by NAME` records a decision (same as "
         "`signoff record FILE …`); `signoff status FILE` shows each role's state; `signoff verify` checks the "
         "hash chain. Ledger: --db PATH or URL, else $CONTRACTS_SIGNOFF_DB, else the PostgreSQL database of "
         "$CONTRACTS_DATABASE_URL, else signoff.sqlite3 in $CONTRACTS_HOME (default: the user's data folder, e.g. "
         "~/.local/share/contracts), never the current folder; `signoff status` "
         "prints which. Only a "
         "recorded decision creates it. Every command verifies the whole chain first and refuses a broken "
         "ledger (exit 1).",
)
app.add_typer(signoff_app, name="signoff")
# A str, not a Path: a database URL (postgresql://…) made a Path loses a slash and becomes a file name.
DbOption = Annotated[str | None, typer.Option("--db", metavar="FILE|URL", help="Ledger file, or a PostgreSQL "
                                             "database's URL (default: $CONTRACTS_SIGNOFF_DB, else the server "
                                             "database of $CONTRACTS_DATABASE_URL, else signoff.sqlite3 in "
                                             "$CONTRACTS_HOME).")]
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
    """Review FILE, then record ROLE's decision on its current bytes, marked as a command-line entry. Exit 1 when
    refused (ROLE has blockers, the ledger is broken, or its administrator forbade command-line sign-offs on the
    portal), 2 on bad input."""
    from signoff.ledger import printable, sign_off

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
    from signoff.ledger import printable, status
    from signoff.store import describe_db

    st = status(file, db, password=password)
    ident = st.identity
    console.print(printable(f"{ident.file_name}  contract {ident.contract_no or '-'}  sha256 {ident.sha256}"),
                  markup=False)
    table = Table(show_lines=False)
    for col in ("role", "state", "by", "recorded by", "when (UTC)", "override", "void approvals"):
        table.add_column(col, overflow="fold")
    for r, rs in st.roles.items():
        e = rs.entry
        table.add_row(*map(printable, (
            r.value, rs.state.value, e.person if e else "-", e.recorded_by if e else "-",
            e.at.strftime("%Y-%m-%d %H:%M:%S") if e else "-",
            "; ".join(f"{o.person}: {o.override_reason}" for o in rs.overrides) or "-",
            "; ".join(f"#{v.id} {v.person} (sha256 {v.doc_sha256[:12]}…)" for v in rs.void) or "-")))
    console.print(table)
    console.print(f"ledger {describe_db(db)} verified: {st.chain.rows} rows, head {st.chain.head[:16]}…",
                  markup=False, soft_wrap=True)
    console.print("all three approved" if st.all_approved else "NOT approved by all of legal, finance and business")


def _published(value: str | None) -> tuple[int, str] | None:
    if value is None:
        return None
    rows, sep, head = value.partition(":")
    if not (sep and rows.isdigit() and len(head) == 64 and all(c in "0123456789abcdef" for c in head)):
        raise typer.BadParameter(f"{value[:100]!r}: expected ROWS:HEAD as `signoff verify` printed them, e.g. "
                                 f"42:{'0' * 64}")
    return int(rows), head


@signoff_app.command("verify")
def signoff_verify(
    db: DbOption = None,
    published: Annotated[str | None, typer.Option(
        "--published", metavar="ROWS:HEAD",
        help="Also check that the ledger still holds what was published of it: ROWS rows ending in hash HEAD, as "
             "this command printed them then (publish them somewhere the database's administrators cannot "
             "change). Catches a chain rewritten and re-hashed as a whole, which the chain alone cannot.")] = None,
) -> None:
    """Walk the ledger's hash chain; list every edited, deleted, inserted or corrupted row; exit 1 if
    broken, 2 when there is no ledger at the path (none is created). Prints the rows and head to publish."""
    from signoff.ledger import published_head, verify

    expected = _published(published)
    if expected is not None:
        result, differs = published_head(*expected, db)
    else:
        result, differs = verify(db), None
    for p in result.problems:
        err.print(str(p), markup=False, soft_wrap=True)
    if result.more:
        err.print(f"… and {result.more} more problem(s)", markup=False)
    if not result.ok:
        err.print(f"[bold red]ledger {escape(str(result.db))} is BROKEN:[/] {len(result.problems) + result.more} "
                  f"problem(s) in {result.rows} rows; restore it from a backup", soft_wrap=True)
        raise typer.Exit(1)
    if differs is not None:
        err.print(f"[bold red]ledger {escape(str(result.db))} does NOT hold what was published:[/] "
                  f"{escape(differs)}; restore it from a backup taken before", soft_wrap=True)
        raise typer.Exit(1)
    console.print(f"ledger {result.db} OK: {result.rows} rows, head {result.head}", markup=False)
    if expected is not None:
        console.print(f"as published: rows 1 to {expected[0]} are those that were published", markup=False)
    console.print(f"to publish: {result.rows}:{result.head}", markup=False)


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
    from signoff.pack import build_signoff_pack

    console.print(f"wrote {build_signoff_pack(file, out, db, password=password)}", markup=False)


