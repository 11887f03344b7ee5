"""Sign-off on the portal: each approver's queue, a decision recorded in the ledger under the signed-in account,
the state of a document's current version (approvals of earlier versions void, overrides shown to all), and the
sign-off pack made by a job.

The ledger is the one the command line uses (``signoff.store.resolve_db``: ``signoff.sqlite3`` in $CONTRACTS_HOME,
or the portal's PostgreSQL database),
verified whole before every state, queue, decision and pack. A document is known to the ledger by a name of its own,
``<document id>-<title>`` (``ledger_name``), the same for every version, so that an approval of version 1 is void once
version 2 is uploaded even when version 1 stated no contract number.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from clause_library.errors import LedgerNotFound
from clause_library.models import Role
from signoff.chain import GENESIS, Verification
from signoff.identity import DocumentIdentity
from signoff.ledger import AccountRef, Entry, RoleState, SignoffStatus, State, sign_off, statuses
from signoff.store import locate_db

from .accounts import Account
from .documents import Document, Version, current_version, current_versions, document, documents_for
from .filestore import path_of, store_file
from .jobs import Progress, work

__all__ = ["Pending", "approver_roles", "decide", "ledger_name", "queue", "state_of"]

_TITLE_CHARS = 40  # of the title in the ledger's name of a document (a file name: 255 bytes at most)


def approver_roles(who: Account) -> list[Role]:
    """The sign-off roles ``who`` approves as (legal, finance, business), in the ledger's order."""
    held = {r.approves_as for r in who.roles}
    return [role for role in Role if role in held]


def ledger_name(doc: Document) -> str:
    """What the ledger calls ``doc``: its id and the first 40 characters of its title, with the title's suffix."""
    title = PurePath(doc.title)
    return f"{doc.id}-{title.stem[:_TITLE_CHARS]}{title.suffix[:10]}"


@contextmanager
def staged(doc: Document, version: Version) -> Iterator[Path]:
    """The version's stored bytes under the document's ledger name (a link in a private folder): what
    ``sign_off`` and the pack read, so that the ledger names the document and not the file store."""
    with tempfile.TemporaryDirectory(prefix="contracts-portal-") as tmp:
        link = Path(tmp) / ledger_name(doc)
        link.symlink_to(path_of(version.sha256))
        yield link


def _identity(doc: Document, version: Version) -> DocumentIdentity:
    return DocumentIdentity(path_of(version.sha256), version.sha256, ledger_name(doc), doc.contract_no)


def _pending(identity: DocumentIdentity) -> SignoffStatus:
    """The state of a document when there is no ledger yet: every role pending."""
    nothing = Verification(locate_db(), 0, GENESIS)
    return SignoffStatus(identity, {role: RoleState(role, State.pending, None) for role in Role}, [], nothing)


def _states(pairs: list[tuple[Document, Version]]) -> list[SignoffStatus]:
    identities = [_identity(d, v) for d, v in pairs]
    try:
        return statuses(identities)
    except LedgerNotFound:
        return [_pending(i) for i in identities]


def state_of(doc: Document, version: Version) -> SignoffStatus:
    """Each role's state for the version (the ledger verified first: LedgerBroken when it is broken)."""
    return _states([(doc, version)])[0]


@dataclass(frozen=True)
class Pending:
    """A document in an approver's queue: its current version awaits ``roles`` of the approver's."""

    document: Document
    version: Version
    roles: list[Role]
    state: SignoffStatus


def queue(who: Account, *, url: str | None = None) -> list[Pending]:
    """The documents whose current version awaits a decision by one of ``who``'s roles, oldest first."""
    mine = approver_roles(who)
    if not mine:
        return []
    every = list(reversed(documents_for(who, url=url, limit=None)))  # an approver reads every document
    latest = current_versions([d.id for d in every], url=url)
    pairs = [(d, latest[d.id]) for d in every if d.id in latest]
    found = []
    for (doc, version), state in zip(pairs, _states(pairs), strict=True):
        waiting = [r for r in mine if state.roles[r].state is State.pending]
        if waiting:
            found.append(Pending(doc, version, waiting, state))
    return found


def decide(who: Account, doc: Document, version: Version, role: Role, *, approve: bool, comment: str,
           override_reason: str | None) -> Entry:
    """Record ``who``'s decision as ``role`` on the version's bytes, under the account (never a typed name).
    SignoffRefused when an approval meets the role's blockers without an override reason; LedgerError for bad
    input; ValueError when ``who`` does not approve as ``role``."""
    if role not in approver_roles(who):
        raise ValueError(f"{who.username} does not approve as {role.value}")
    with staged(doc, version) as path:
        return sign_off(path, role, who.display_name, reject=not approve, comment=comment,
                        override_reason=override_reason, account=AccountRef(who.id, who.username, who.display_name))


@work("signoff_pack")
def _pack_job(payload: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Make the sign-off pack PDF of a document's version (LibreOffice), kept in the file store."""
    from signoff.pack import build_signoff_pack

    doc = document(payload["document_id"], url=payload.get("url"))
    version = current_version(payload["document_id"], url=payload.get("url"))
    if doc is None or version is None or version.sha256 != payload["sha256"]:
        raise LookupError("the document or its version is gone")
    progress("pack", 0, 1)
    with staged(doc, version) as path, tempfile.TemporaryDirectory(prefix="contracts-pack-") as tmp:
        pack = build_signoff_pack(path, Path(tmp) / "pack.pdf", clock=lambda: dt.datetime.now(dt.UTC))
        sha = store_file(pack)
    progress("pack", 1, 1)
    name = f"{PurePath(doc.title).stem}-签核包-v{version.number}.pdf"
    return {"files": [{"name": name, "sha256": sha, "role": "pack"}]}

