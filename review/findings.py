"""Findings and the review report: what the reviewer says, to whom, how severe, and where."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from clause_library.models import Role, Severity

__all__ = ["SCHEMA_VERSION", "Finding", "ReadFailure", "Report"]

# 1.1: adds "conditions" (assumed or given) and "notes" (what the reader could not read) to a report,
# and the "read_failure" record for a file that could not be read at all.
SCHEMA_VERSION = "1.1"


@dataclass(frozen=True)
class Finding:
    """One thing a reviewer must look at.

    ``check`` is a stable id (e.g. ``missing_category``, ``capital_mismatch``); ``category`` the
    clause category concerned, ``None`` when the finding is about the document as a whole.
    """

    check: str
    severity: Severity
    owner: Role
    message_zh: str
    message_en: str
    location: str = ""
    evidence: str = ""
    category: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["severity"] = self.severity.value
        d["owner"] = self.owner.value
        return d


@dataclass
class Report:
    """The review of one document: what was found, by category, and every finding.

    ``readable`` is ``False`` when no text could be extracted: then no "missing" finding is
    made, and ``findings`` says why.
    """

    path: str
    sha256: str
    format: str
    kind: str
    outsourcing: str | None
    readable: bool
    categories_found: dict[str, str] = field(default_factory=dict)  # category → location
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0
    conditions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def blockers(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.blocker]

    def blockers_for(self, role: Role) -> list[Finding]:
        return [f for f in self.blockers if f.owner is role]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": f"contracts.review/{SCHEMA_VERSION}",
            "path": self.path,
            "sha256": self.sha256,
            "format": self.format,
            "kind": self.kind,
            "outsourcing": self.outsourcing,
            "readable": self.readable,
            "conditions": sorted(self.conditions),
            "notes": list(self.notes),
            "categories_found": dict(sorted(self.categories_found.items())),
            "summary": {
                role.value: {sev.value: sum(1 for f in self.findings if f.owner is role and f.severity is sev)
                             for sev in Severity}
                for role in Role
            },
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass(frozen=True)
class ReadFailure:
    """A file that could not be read at all (malformed, encrypted, too large): why, naming the file."""

    path: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"schema": f"contracts.review/{SCHEMA_VERSION}", "path": self.path, "read_failure": self.reason}
