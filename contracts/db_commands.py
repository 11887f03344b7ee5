"""``contracts db setup``: make or bring up to date the portal's tables and the sign-off ledger in their database,
and (on PostgreSQL) grant the role the web nodes and workers log in as what it needs and no more (docs/deploy.md)."""

from __future__ import annotations

from typing import Annotated

import typer

from .app import Typer, app, console

__all__ = ["db_app"]

db_app = Typer(
    no_args_is_help=True,
    help="The portal's database and the sign-off ledger: $CONTRACTS_DATABASE_URL (e.g. postgresql://owner@host/db), "
         "else SQLite files in $CONTRACTS_HOME.",
)
app.add_typer(db_app, name="db")


@db_app.command("setup")
def db_setup(
    app_role: Annotated[str | None, typer.Option(
        "--app-role", metavar="ROLE",
        help="PostgreSQL only: the existing role the web nodes and workers log in as. It is granted reading and "
             "writing the portal's tables, and only reading and appending the ledger: no UPDATE, DELETE or "
             "TRUNCATE of a sign-off, whatever the program asks.")] = None,
) -> None:
    """Create or migrate the portal's tables and the sign-off ledger. Run it as the database's owner when
    installing or upgrading, before starting the web nodes and workers with the application role."""
    from portal.setup import setup_database

    for line in setup_database(app_role):
        console.print(line, markup=False, soft_wrap=True)
