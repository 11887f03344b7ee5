"""The ledger on PostgreSQL: where it is (a URL never becomes a path), the same hashes as SQLite's, append-only by
triggers and by an application role's grants, tampering by an owner caught, errors naming the URL without its
password, migrations that need the owner, and appends from several processes at once.

The tests that need a server take a schema of their own (tests/databases.py) and are skipped without
$CONTRACTS_TEST_POSTGRES; the rest run everywhere.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import socket
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from clause_library.errors import LedgerBroken, LedgerError, LedgerNotFound
from clause_library.models import Role
from signoff import ledger, schema, store
from signoff.databases import DATABASE_ENV
from tests.databases import postgres_url
from tests.signoff.fakes import attack, fake_review, fixed, rows, sign_three

SECRET = "s3cret-pw"


def _sql(url: str, *statements: str) -> list[tuple[object, ...]]:
    """Run ``statements`` as the URL's user (autocommit); the last one's rows, if it returns any."""
    found: list[tuple[object, ...]] = []
    with psycopg.connect(url, autocommit=True) as conn:
        for s in statements:
            cur = conn.execute(s.encode())
            found = cur.fetchall() if cur.description else []
    return found


def _tables(url: str) -> set[str]:
    return {str(r[0]) for r in _sql(url, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}


# --- where the ledger is: no server needed --------------------------------------------------------------------------


def test_a_url_stays_a_url_and_hides_its_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"postgresql://app:{SECRET}@db.internal:5432/contracts"
    shown = "postgresql://app:***@db.internal:5432/contracts"
    assert (store.resolve_db(url), store.locate_db(url)) == (url, shown)
    assert store.describe_db(url) == f"{shown} (given with --db)"
    monkeypatch.setenv(ledger.DB_ENV, url)
    assert store.describe_db() == f"{shown} (taken from $CONTRACTS_SIGNOFF_DB)"
    monkeypatch.delenv(ledger.DB_ENV)
    monkeypatch.setenv(DATABASE_ENV, url)  # the portal's server database: the ledger lives beside its tables
    assert store.resolve_db() == url
    assert store.describe_db() == (f"{shown} (the portal's database, $CONTRACTS_DATABASE_URL, as neither --db nor "
                                   "$CONTRACTS_SIGNOFF_DB is set)")
    monkeypatch.setenv(ledger.DB_ENV, str(tmp_path / "own.sqlite3"))  # a ledger named on its own wins
    assert store.resolve_db() == tmp_path / "own.sqlite3"
    monkeypatch.delenv(ledger.DB_ENV)
    monkeypatch.setenv(DATABASE_ENV, f"sqlite:///{tmp_path / 'portal.sqlite3'}")  # SQLite: the ledger's own file
    monkeypatch.setenv(store.HOME_ENV, str(tmp_path / "home"))
    assert store.resolve_db() == tmp_path / "home" / "signoff.sqlite3"
    assert store.resolve_db(f"sqlite:///{tmp_path / 'x.sqlite3'}") == tmp_path / "x.sqlite3"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_unreachable_server_is_named_without_its_password(tmp_path: Path, contract: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    port = _free_port()
    url = f"postgresql://app:{SECRET}@127.0.0.1:{port}/contracts"
    for use in (lambda: ledger.verify(url), lambda: ledger.sign_off(contract, Role.legal, "Li", db=url)):
        with pytest.raises(LedgerError, match=rf"postgresql://app:\*\*\*@127\.0\.0\.1:{port}/contracts: cannot "
                                              r"connect to the sign-off ledger's database \(URL given with --db\): "
                                              ".*refused.*; check that the server runs") as caught:
            use()
        assert caught.value.exit_code == 2 and SECRET not in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contract.docx"]  # no file named after the URL


def test_a_wrong_password_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test server trusts every local user, so the server's refusal is played by psycopg's connect."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise psycopg.OperationalError('connection failed: connection to server at "127.0.0.1", port 5432 failed: '
                                       'FATAL:  password authentication failed for user "app"')

    monkeypatch.setattr(psycopg, "connect", refuse)
    url = f"postgresql://app:{SECRET}@127.0.0.1:5432/wrongpw_{uuid.uuid4().hex[:8]}"  # an engine of its own
    with pytest.raises(LedgerError, match=r"postgresql://app:\*\*\*@127\.0\.0\.1:5432/wrongpw_\w+: cannot connect .*"
                                          r"password authentication failed for user \"app\"; check the user's "
                                          "password in the URL") as caught:
        ledger.verify(url)
    assert caught.value.exit_code == 2 and SECRET not in str(caught.value)


def test_a_url_of_another_database_is_refused() -> None:
    with pytest.raises(LedgerError, match=r"mysql://u:\*\*\*@h/d: the sign-off ledger is an SQLite file or a "
                                          "PostgreSQL database"):
        ledger.verify(f"mysql://u:{SECRET}@h/d")


@pytest.mark.parametrize("role", ["", "app role", 'app"; DROP TABLE signoffs; --', "1app", "a" * 64, "app$"])
def test_grants_are_for_a_plain_role_name_only(role: str) -> None:
    with pytest.raises(LedgerError, match="is not a role name"):
        store.ledger_grants(role)


def test_grants_quote_the_role_and_give_no_update_or_delete() -> None:
    grants = store.ledger_grants("Portal_App")
    assert all('"Portal_App"' in g for g in grants)
    assert "GRANT SELECT, INSERT ON signoffs TO \"Portal_App\"" in grants
    assert not any(word in g for g in grants if g.startswith("GRANT") for word in ("UPDATE ON signoffs", "DELETE",
                                                                                    "TRUNCATE", "ALL"))


# --- on a server ------------------------------------------------------------------------------------------------------


@pytest.fixture
def pg() -> str:
    return postgres_url()


def test_the_same_rows_hash_the_same_on_sqlite_and_postgresql(contract: Path, tmp_path: Path, pg: str) -> None:
    on_file, on_server = sign_three(contract, tmp_path / "l.sqlite3"), sign_three(contract, pg)
    assert on_file == on_server  # every field, the ids, prev_hash and row_hash
    assert ledger.verify(tmp_path / "l.sqlite3").head == ledger.verify(pg).head == on_server[-1].row_hash


def test_reading_never_creates_a_ledger(contract: Path, pg: str) -> None:
    for read in (lambda: ledger.verify(pg), lambda: ledger.status(contract, pg),
                 lambda: ledger.command_line_allowed(pg)):
        with pytest.raises(LedgerNotFound, match=r"t_\w+: no sign-off ledger in that database \(URL given with --db\); "
                                                 "nothing was created") as caught:
            read()
        assert caught.value.exit_code == 2
    assert _tables(pg) == set()


@pytest.mark.parametrize("statement", ["UPDATE signoffs SET person = 'Mallory' WHERE id = 1",
                                       "DELETE FROM signoffs WHERE id = 3", "TRUNCATE signoffs",
                                       "UPDATE signoff_high_water SET seq = 0", "DELETE FROM signoff_high_water"])
def test_rows_cannot_be_changed_even_by_the_owner_while_the_triggers_stand(contract: Path, pg: str,
                                                                           statement: str) -> None:
    sign_three(contract, pg)
    with pytest.raises(psycopg.errors.RaiseException, match="the sign-off ledger is append-only: "):
        _sql(pg, statement)
    assert rows(pg) == 3 and ledger.verify(pg).ok


@pytest.mark.parametrize("how", ["replica", "disable"])
@pytest.mark.parametrize(("statement", "expected"), [
    ("UPDATE signoffs SET person = 'Mallory' WHERE id = 2", [(2, "edited")]),
    ("UPDATE signoffs SET decision = 'reject' WHERE id = 2", [(2, "edited")]),
    ("DELETE FROM signoffs WHERE id = 2", [(3, "deleted")]),  # a middle row
    ("DELETE FROM signoffs WHERE id >= 2", [(2, "deleted")]),  # the newest rows
    ("TRUNCATE signoffs", [(1, "deleted")]),
])
def test_an_owner_who_turns_the_triggers_off_is_caught(contract: Path, pg: str, how: str, statement: str,
                                                       expected: list[tuple[int, str]]) -> None:
    sign_three(contract, pg)
    attack(pg, statement, how=how)
    result = ledger.verify(pg)
    assert [(p.id, p.kind) for p in result.problems] == expected
    with pytest.raises(LedgerBroken, match=r"BROKEN, so the sign-off was not recorded"):
        ledger.sign_off(contract, Role.legal, "Li", db=pg)


def test_what_is_not_a_ledger_is_named(pg: str, contract: Path) -> None:
    _sql(pg, "CREATE TABLE signoffs (id INTEGER, what TEXT)")
    for use in (lambda: ledger.verify(pg), lambda: ledger.sign_off(contract, Role.legal, "Li", db=pg)):
        with pytest.raises(LedgerError, match="not a sign-off ledger: the database has a signoffs table without "
                                              "signoff_schema_version") as caught:
            use()
        assert caught.value.exit_code == 2
    assert _tables(pg) == {"signoffs"}


def test_a_newer_schema_is_refused(pg: str, contract: Path) -> None:
    sign_three(contract, pg)
    _sql(pg, "INSERT INTO signoff_schema_version VALUES (99)")
    with pytest.raises(LedgerError, match="ledger schema version 99 is newer than this program knows"):
        ledger.verify(pg)


def test_the_ledger_lives_beside_the_portals_tables(contract: Path, pg: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from portal.database import engine

    engine(pg)  # the portal's tables, its schema_version among them
    portal_tables, portal_version = _tables(pg), _sql(pg, "SELECT version FROM schema_version")
    monkeypatch.setenv(DATABASE_ENV, pg)
    entries = sign_three(contract, None)
    assert ledger.verify().ok and ledger.verify().head == entries[-1].row_hash
    assert _tables(pg) == portal_tables | {"signoffs", "signoff_schema_version", "signoff_high_water",
                                           "ledger_settings"}
    assert _sql(pg, "SELECT version FROM schema_version") == portal_version  # the portal's, untouched


@pytest.fixture
def app_role(pg: str) -> Iterator[tuple[str, str]]:
    """A login role of its own and its URL (the same schema); dropped after."""
    name = f"app_{uuid.uuid4().hex[:12]}"
    _sql(pg, f"CREATE ROLE {name} LOGIN")
    try:
        yield name, make_url(pg).set(username=name).render_as_string(hide_password=False)
    finally:
        from signoff.engines import _dispose_engines

        _dispose_engines()  # its pooled connections
        _sql(pg, f"DROP OWNED BY {name}", f"DROP ROLE {name}")


def test_an_app_role_appends_and_reads_but_cannot_change_a_row(contract: Path, pg: str,
                                                               app_role: tuple[str, str]) -> None:
    name, as_app = app_role
    with store.open_ledger(pg, create=True):  # the owner makes the ledger, then grants
        pass
    _sql(pg, *store.ledger_grants(name))
    entries = sign_three(contract, as_app)
    assert ledger.verify(as_app).ok and ledger.verify(pg).head == entries[-1].row_hash
    assert ledger.status(contract, as_app).all_approved
    ledger.set_command_line(False, as_app)  # the portal's admin setting, as the application
    assert not ledger.command_line_allowed(as_app)
    for statement in ("UPDATE signoffs SET person = 'Mallory' WHERE id = 2", "DELETE FROM signoffs WHERE id = 3",
                      "TRUNCATE signoffs", "UPDATE signoff_high_water SET seq = 0", "DELETE FROM signoff_high_water",
                      "ALTER TABLE signoffs DISABLE TRIGGER USER", "SET session_replication_role = replica",
                      "DROP TABLE signoffs"):
        with pytest.raises((psycopg.errors.InsufficientPrivilege, psycopg.errors.RaiseException)) as caught:
            _sql(as_app, statement)
        assert isinstance(caught.value, psycopg.errors.InsufficientPrivilege), (statement, caught.value)
    assert rows(pg) == 3 and ledger.verify(as_app).ok


def test_an_app_role_is_told_to_run_the_setup_when_the_schema_must_change(
        contract: Path, pg: str, app_role: tuple[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    name, as_app = app_role
    _sql(pg, f"DO $$ BEGIN EXECUTE 'GRANT USAGE ON SCHEMA ' || quote_ident(current_schema()) || ' TO {name}'; END $$")
    with pytest.raises(LedgerError, match=r"schema is at version 0 and this program's at 1, and this database user "
                                          r"may not create it \(.*permission denied.*\); run `contracts db setup` as "
                                          "the database owner") as caught:
        ledger.sign_off(contract, Role.legal, "Li", db=as_app)
    assert caught.value.exit_code == 2 and _tables(pg) == set()
    with store.open_ledger(pg, create=True):
        pass
    _sql(pg, *store.ledger_grants(name))
    ledger.sign_off(contract, Role.legal, "Li", db=as_app)
    # A newer program, with a second migration: the application's role may not apply it, the owner may.
    pg_schema = schema.schema_of("postgresql")
    newer = replace(pg_schema, migrations=[*pg_schema.migrations, ["ALTER TABLE signoffs ADD COLUMN note TEXT"]])
    monkeypatch.setitem(schema._SCHEMAS, "postgresql", newer)
    with pytest.raises(LedgerError, match=r"ledger schema version 1 is older than this program's \(2\); run "
                                          "`contracts db setup` as the database owner"):
        ledger.verify(as_app)
    with pytest.raises(LedgerError, match=r"at version 1 and this program's at 2, and this database user may not "
                                          r"upgrade it \(must be owner of table signoffs\); run `contracts db setup`"):
        ledger.sign_off(contract, Role.finance, "Wang", db=as_app)
    assert ledger.sign_off(contract, Role.finance, "Wang", db=pg).id == 2  # the owner's sign-off migrates
    assert ledger.sign_off(contract, Role.business, "Zhao", db=as_app).id == 3 and ledger.verify(as_app).ok


def _append_ten(path: str, db: str, who: str, barrier: mp.synchronize.Barrier) -> None:
    ledger._review = fake_review  # spawned processes do not inherit the monkeypatch
    barrier.wait()
    for i in range(10):
        ledger.sign_off(path, list(Role)[i % 3], f"{who}-{i}", db=db)


def test_four_processes_appending_at_once_keep_one_chain(contract: Path, pg: str) -> None:
    """From an empty schema: the first appends also race to make the ledger."""
    n = 4
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(n)
    procs = [ctx.Process(target=_append_ten, args=(str(contract), pg, f"p{i}", barrier)) for i in range(n)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0] * n
    result = ledger.verify(pg)
    assert result.ok and result.rows == 40
    entries = ledger.status(contract, pg).entries
    assert [e.id for e in entries] == list(range(1, 41))
    assert sorted(e.person for e in entries) == sorted(f"p{i}-{j}" for i in range(n) for j in range(10))


def test_a_missing_database_or_user_is_named(pg: str) -> None:
    base = make_url(pg)
    for url, what in ((base.set(database=f"nodb_{uuid.uuid4().hex[:8]}"), "database"),
                      (base.set(username=f"nouser_{uuid.uuid4().hex[:8]}"), "role")):
        text = url.render_as_string(hide_password=False)
        with pytest.raises(LedgerError, match=rf"cannot connect to the sign-off ledger's database .*{what} \"\w+\" "
                                              "does not exist; check the URL's user and database name") as caught:
            ledger.verify(text)
        assert caught.value.exit_code == 2


def test_a_sign_off_waits_for_anothers_lock_and_then_appends(contract: Path, pg: str) -> None:
    """The append's lock is held by another transaction for a moment: the sign-off waits, then lands after it."""
    sign_three(contract, pg)
    with psycopg.connect(pg) as other:
        other.execute(b"SELECT pg_advisory_xact_lock(hashtextextended('contracts sign-off ledger ' || "
                      b"current_schema(), 0))")
        ctx = mp.get_context("spawn")
        barrier = ctx.Barrier(2)
        proc = ctx.Process(target=_append_ten, args=(str(contract), pg, "late", barrier))
        proc.start()
        barrier.wait()
        proc.join(1.5)
        assert proc.exitcode is None and rows(pg) == 3  # waiting
        other.rollback()
    proc.join(60)
    assert proc.exitcode == 0 and ledger.verify(pg).rows == 13


def test_a_time_reads_back_as_it_was_hashed(contract: Path, pg: str, tmp_path: Path) -> None:
    """A row's time is kept as the text it was hashed as, on both engines: the entry read is the entry written."""
    at = dt.datetime(2026, 3, 2, 17, 30, 0, 123456, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    for db in (pg, tmp_path / "l.sqlite3"):
        entry = ledger.sign_off(contract, Role.legal, "Li", db=db, clock=fixed(at))
        assert entry.at == at and ledger.status(contract, db).roles[Role.legal].entry == entry
