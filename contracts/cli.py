"""The ``contracts`` command: options and output only; the work is done in the packages.

Each group of commands is a module of its own that adds itself to ``app`` when imported: the library
(``clauses``, ``templates``), drafting (``draft``, ``nda-pack``, ``demo``), reviewing (``review``,
``review-eval``, ``model-build``), sign-off (``signoff``, ``pack``), the portal (``serve``, ``worker``, ``users``)
and its database (``db setup``).
"""

from __future__ import annotations

import sys

from rich.markup import escape

from clause_library import ContractsError

from . import db_commands, draft_commands, library_commands, portal_commands, review_commands, signoff_commands
from .app import INTERRUPTED, Interrupted, app, err

__all__ = ["INTERRUPTED", "app", "main"]

_COMMANDS = (library_commands, draft_commands, review_commands, signoff_commands, portal_commands,  # on import
             db_commands)


def main() -> None:
    """Entry point: run the app, turning the project's errors into a message and their exit status
    (2 bad input; 1 a check found problems, e.g. a broken ledger or a sign-off refused for blockers)."""
    try:
        app()
    except ContractsError as e:
        # Not fail(): typer.Exit outside app() is a traceback; and messages hold [field] paths, not markup.
        err.print("[bold red]error:[/] " + escape(str(e)), soft_wrap=True)
        sys.exit(e.exit_code)
    except (KeyboardInterrupt, Interrupted):
        err.print(INTERRUPTED, markup=False, soft_wrap=True)
        sys.exit(130)
