"""The sign-off ledger's tables on each engine: one list of versioned migrations per dialect (SQLite's, PostgreSQL's),
the names each uses, and the grants that let an application role append to the PostgreSQL ledger but never change it.

SQLite keeps its ledger in a file of its own, with the names it always had (signoffs, schema_version,
ledger_settings). PostgreSQL's ledger may share a database with the portal, whose tables include ``schema_version``:
there the ledger's tables are signoffs, signoff_schema_version, signoff_high_water and ledger_settings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clause_library.errors import LedgerError

__all__ = ["MIGRATIONS", "PG_MIGRATIONS", "Schema", "ledger_grants", "schema_of"]

# Each migration is applied once, in order, inside one write transaction; the version table holds how many have been
# applied. Never edit a shipped migration: append a new one. The two lists are numbered on their own: SQLite's
# version 2 and PostgreSQL's version 1 make the same tables. No '%' in them: psycopg would read it as a placeholder.
MIGRATIONS: list[list[str]] = [
    [
        """CREATE TABLE signoffs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            doc_sha256 TEXT NOT NULL,
            file_name TEXT NOT NULL,
            contract_no TEXT,
            role TEXT NOT NULL CHECK (role IN ('legal', 'finance', 'business')),
            person TEXT NOT NULL CHECK (length(person) > 0),
            decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject')),
            comment TEXT NOT NULL DEFAULT '',
            override INTEGER NOT NULL CHECK (override IN (0, 1)),
            override_reason TEXT,
            at_utc TEXT NOT NULL,
            report_sha256 TEXT NOT NULL,
            blockers INTEGER NOT NULL,
            role_blockers INTEGER NOT NULL,
            prev_hash TEXT NOT NULL,
            row_hash TEXT NOT NULL UNIQUE
        )""",
        "CREATE INDEX signoffs_doc ON signoffs (doc_sha256)",
        "CREATE INDEX signoffs_contract ON signoffs (contract_no)",
        "CREATE INDEX signoffs_file ON signoffs (file_name)",
        """CREATE TRIGGER signoffs_no_update BEFORE UPDATE ON signoffs
           BEGIN SELECT RAISE(ABORT, 'the sign-off ledger is append-only: rows cannot be updated'); END""",
        """CREATE TRIGGER signoffs_no_delete BEFORE DELETE ON signoffs
           BEGIN SELECT RAISE(ABORT, 'the sign-off ledger is append-only: rows cannot be deleted'); END""",
    ],
    # 2: who recorded a row: the command line (source 'cli') or a portal account (source 'portal', its id and
    # username); NULL on rows written before. And the ledger's settings (whether command-line rows are allowed).
    [
        "ALTER TABLE signoffs ADD COLUMN source TEXT CHECK (source IS NULL OR source IN ('cli', 'portal'))",
        "ALTER TABLE signoffs ADD COLUMN account_id INTEGER",
        "ALTER TABLE signoffs ADD COLUMN account_username TEXT",
        "CREATE TABLE ledger_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ],
]

# PostgreSQL: ids are assigned by the append (under the ledger's lock), not by a sequence, which would leave gaps on
# rollback. signoff_high_water is sqlite_sequence's counterpart: the highest id ever inserted, raised by a trigger
# whose function runs as the ledger's owner (SECURITY DEFINER), so a role that may only read and append cannot lower
# it, and verification sees the newest rows deleted. The columns are in the SQLite file's order.
PG_MIGRATIONS: list[list[str]] = [
    [
        """CREATE TABLE signoffs (
            id BIGINT PRIMARY KEY,
            doc_sha256 TEXT NOT NULL,
            file_name TEXT NOT NULL,
            contract_no TEXT,
            role TEXT NOT NULL CHECK (role IN ('legal', 'finance', 'business')),
            person TEXT NOT NULL CHECK (length(person) > 0),
            decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject')),
            comment TEXT NOT NULL DEFAULT '',
            override INTEGER NOT NULL CHECK (override IN (0, 1)),
            override_reason TEXT,
            at_utc TEXT NOT NULL,
            report_sha256 TEXT NOT NULL,
            blockers INTEGER NOT NULL,
            role_blockers INTEGER NOT NULL,
            prev_hash TEXT NOT NULL,
            row_hash TEXT NOT NULL UNIQUE,
            source TEXT CHECK (source IS NULL OR source IN ('cli', 'portal')),
            account_id INTEGER,
            account_username TEXT
        )""",
        "CREATE INDEX signoffs_doc ON signoffs (doc_sha256)",
        "CREATE INDEX signoffs_contract ON signoffs (contract_no)",
        "CREATE INDEX signoffs_file ON signoffs (file_name)",
        """CREATE FUNCTION signoffs_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN
               RAISE EXCEPTION USING MESSAGE = 'the sign-off ledger is append-only: rows cannot be '
                   || CASE TG_OP WHEN 'UPDATE' THEN 'updated' ELSE 'deleted' END;
           END
           $$""",
        """CREATE TRIGGER signoffs_no_update BEFORE UPDATE ON signoffs
           FOR EACH ROW EXECUTE FUNCTION signoffs_refuse_change()""",
        """CREATE TRIGGER signoffs_no_delete BEFORE DELETE ON signoffs
           FOR EACH ROW EXECUTE FUNCTION signoffs_refuse_change()""",
        """CREATE TRIGGER signoffs_no_truncate BEFORE TRUNCATE ON signoffs
           FOR EACH STATEMENT EXECUTE FUNCTION signoffs_refuse_change()""",
        """CREATE TABLE signoff_high_water (
            only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
            seq BIGINT NOT NULL CHECK (seq >= 0)
        )""",
        "INSERT INTO signoff_high_water (seq) VALUES (0)",
        # The function's own search_path cannot be taken over by the caller; the table is the trigger's schema's.
        """CREATE FUNCTION signoffs_raise_high_water() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
           SET search_path = pg_catalog, pg_temp AS $$
           BEGIN
               EXECUTE 'UPDATE ' || quote_ident(TG_TABLE_SCHEMA)
                   || '.signoff_high_water SET seq = greatest(seq, $1)' USING NEW.id;
               RETURN NULL;
           END
           $$""",
        """CREATE TRIGGER signoffs_high_water AFTER INSERT ON signoffs
           FOR EACH ROW EXECUTE FUNCTION signoffs_raise_high_water()""",
        """CREATE FUNCTION signoff_high_water_refuse_lowering() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN
               IF TG_OP = 'UPDATE' AND NEW.seq >= OLD.seq THEN
                   RETURN NEW;
               END IF;
               RAISE EXCEPTION 'the sign-off ledger is append-only: its high-water mark cannot be lowered';
           END
           $$""",
        """CREATE TRIGGER signoff_high_water_no_lowering BEFORE UPDATE OR DELETE ON signoff_high_water
           FOR EACH ROW EXECUTE FUNCTION signoff_high_water_refuse_lowering()""",
        """CREATE TRIGGER signoff_high_water_no_truncate BEFORE TRUNCATE ON signoff_high_water
           FOR EACH STATEMENT EXECUTE FUNCTION signoff_high_water_refuse_lowering()""",
        "CREATE TABLE ledger_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ],
]


@dataclass(frozen=True)
class Schema:
    """What the ledger's code says differently on one engine: its migrations, the table counting them, the query of
    the highest id ever inserted (one row, or none when the table never had one) and that counter's name."""

    migrations: list[list[str]]
    version_table: str
    high_water: str
    counter: str
    tables: str  # the query of the names of the tables where the ledger is


_SCHEMAS = {
    "sqlite": Schema(MIGRATIONS, "schema_version", "SELECT seq FROM sqlite_sequence WHERE name = 'signoffs'",
                     "sqlite_sequence", "SELECT name FROM sqlite_master WHERE type = 'table'"),
    "postgresql": Schema(PG_MIGRATIONS, "signoff_schema_version", "SELECT seq FROM signoff_high_water",
                         "signoff_high_water",
                         "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema()"),
}


def schema_of(dialect: str) -> Schema:
    """The ledger's schema on SQLAlchemy's dialect ``dialect`` ("sqlite" or "postgresql")."""
    return _SCHEMAS[dialect]


_ROLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


def ledger_grants(role: str) -> list[str]:
    """The SQL a PostgreSQL database's owner runs, after the ledger is made (its first ``open_ledger(create=True)``
    as the owner), so that ``role`` can read the ledger and append sign-offs (and change the ledger's settings) but
    never update, delete or truncate a row, lower the high-water mark or change the schema; run them on a connection
    with the ledger's search_path. ``role`` is the role's name as the server keeps it (lower case unless it was
    created quoted); it must not own the tables nor be a member of their owner. LedgerError for a name that is not a
    plain identifier.
    """
    if not _ROLE.fullmatch(role):
        raise LedgerError(f"{role!r} is not a role name this program grants to: letters, digits and _, starting with "
                          "a letter or _, at most 63 characters")
    who = f'"{role}"'
    tables = "signoffs, signoff_high_water, signoff_schema_version, ledger_settings"
    return [
        f"DO $$ BEGIN EXECUTE 'GRANT USAGE ON SCHEMA ' || quote_ident(current_schema()) || ' TO {who}'; END $$",
        f"REVOKE ALL ON {tables} FROM {who}",
        f"GRANT SELECT, INSERT ON signoffs TO {who}",
        f"GRANT SELECT ON signoff_high_water, signoff_schema_version TO {who}",
        f"GRANT SELECT, INSERT, UPDATE ON ledger_settings TO {who}",
    ]
