"""``contracts serve`` and ``contracts users add|list|disable``: the web portal, and its accounts managed from the
command line (the first admin too)."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer
from rich.table import Table

from .app import Typer, app, console

__all__ = ["users_app"]

users_app = Typer(
    no_args_is_help=True,
    help="The portal's accounts: add, list, disable. They live in the portal's database: $CONTRACTS_DATABASE_URL, "
         "else portal.sqlite3 in $CONTRACTS_HOME. The first admin is added here; there is no default password.",
)
app.add_typer(users_app, name="users")


@app.command("serve")
def serve_cmd(
    host: Annotated[str, typer.Option("--host", help="Address to listen on; 0.0.0.0 for the whole network (put TLS "
                                      "in front, and give --https-only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    https_only: Annotated[bool, typer.Option("--https-only", help="Mark the session cookie Secure: when the portal "
                                             "is reached through HTTPS.")] = False,
    workers: Annotated[int, typer.Option("--workers", min=0, max=64, help="Worker processes to start for the jobs "
                                         "(packs, drafts, PDFs); 0 when `contracts worker` runs elsewhere.")] = 1,
    review_processes: Annotated[int, typer.Option("--review-processes", min=0, max=64, help="Processes that review "
                                                  "uploads, so a long review holds no page up; 0: in the web "
                                                  "process.")] = 2,
) -> None:
    """Serve the portal on HOST:PORT until Ctrl-C, with WORKERS job workers beside it. Add the first account with
    `contracts users add NAME --name … --role admin`; the database, the files, the job queue and the session key are
    in $CONTRACTS_HOME."""
    import subprocess

    import uvicorn

    from portal.jobs import check_queue
    from portal.web import create_app

    check_queue()  # a Redis that does not answer is said here, once, not by each worker in its log
    parent = str(os.getpid())  # a worker stops when this process is gone, even killed (uvicorn ends by its signal)
    started = [subprocess.Popen([sys.executable, "-m", "contracts", "worker", "--parent", parent])
               for _ in range(workers)]
    console.print(f"portal on http://{host}:{port}/ with {workers} job worker(s) (Ctrl-C stops it)", markup=False)
    try:
        uvicorn.run(create_app(https_only=https_only, review_processes=review_processes), host=host, port=port,
                    log_level="warning", server_header=False)
    finally:
        for worker in started:
            worker.terminate()
        for worker in started:
            worker.wait(30)


@app.command("worker")
def worker_cmd(
    threads: Annotated[int, typer.Option("--threads", min=1, max=64, help="Jobs run at once by this worker.")] = 2,
    parent: Annotated[int | None, typer.Option("--parent", hidden=True, help="Stop when this process is gone "
                                               "(set by `contracts serve`).")] = None,
) -> None:
    """Run the portal's jobs (NDA packs, drafts, PDF conversion) until stopped (Ctrl-C or SIGTERM), from the queue on
    $CONTRACTS_REDIS_URL (redis://host:6379/0), else jobs.sqlite3 in $CONTRACTS_HOME. `contracts serve` starts
    some; start more, here or on other machines with the same $CONTRACTS_DATABASE_URL, $CONTRACTS_REDIS_URL and
    $CONTRACTS_FILES_DIR (a shared folder). A job whose worker dies is taken up by another after
    $CONTRACTS_JOB_LEASE seconds (60) without its heartbeat; its third interrupted attempt fails it."""
    from portal.jobs import run_worker

    run_worker(threads, parent=parent)


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument(metavar="USERNAME", help="What the person signs in with, e.g. li.na.")],
    name: Annotated[str, typer.Option("--name", metavar="NAME", help="The person's name as colleagues know it; "
                                      "shown and recorded with each decision.")],
    role: Annotated[list[str], typer.Option("--role", metavar="ROLE", help="requester, legal, finance, business or "
                                            "admin; repeatable.")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from the first line "
                                                 "of standard input instead of asking for it twice.")] = False,
) -> None:
    """Add an account. The password is asked for twice (not shown) and kept only as an argon2id hash."""
    from portal.accounts import MIN_PASSWORD, add_account
    from portal.database import database_url, describe_url

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt(f"password for {username} (at least {MIN_PASSWORD} characters)", hide_input=True,
                                confirmation_prompt=True)
    account = add_account(username, name, role, password)
    roles = ", ".join(sorted(r.value for r in account.roles))
    console.print(f"added {account.username} ({account.display_name}): {roles}; in {describe_url(database_url())}",
                  markup=False, soft_wrap=True)


@users_app.command("list")
def users_list() -> None:
    """Every account: username, name, roles, whether it is disabled, when it was added (UTC)."""
    from portal.accounts import list_accounts

    table = Table(title="accounts", show_lines=False)
    for col in ("username", "name", "roles", "state", "added (UTC)"):
        table.add_column(col, overflow="fold")
    for a in list_accounts():
        table.add_row(a.username, a.display_name, ", ".join(sorted(r.value for r in a.roles)),
                      "disabled" if a.disabled else "active", a.created_at.strftime("%Y-%m-%d %H:%M"))
    console.print(table)


@users_app.command("disable")
def users_disable(
    username: Annotated[str, typer.Argument(metavar="USERNAME", help="The account to disable.")],
) -> None:
    """Disable an account: it can no longer sign in; what it did stays recorded."""
    from portal.accounts import disable_account

    account = disable_account(username)
    console.print(f"disabled {account.username} ({account.display_name})", markup=False)

