"""The project's one error root and its subclasses, each saying where the problem is."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "ContractsError",
    "DocumentReadError",
    "LedgerBroken",
    "LedgerError",
    "LedgerNotFound",
    "LibraryError",
    "OutputError",
    "Problem",
    "RenderError",
    "RequestError",
    "RosterError",
    "SignoffRefused",
    "TemplateProblem",
    "UnsafeNameError",
]


@dataclass(frozen=True)
class Problem:
    """One thing wrong, with where it is: a file, a line (``None`` when unknown) and a field path."""

    file: str
    message: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.field:
            where += f" [{self.field}]"
        return f"{where}: {self.message}"


class ContractsError(Exception):
    """Root of every error this project raises on purpose.

    ``problems`` holds every problem found when the error gathers several at once; ``exit_code``
    is the command's exit status for it: 2 bad input, 1 a check found problems.
    """

    exit_code = 2

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        self.problems: list[Problem] = list(problems or [])
        if self.problems:
            message = message + "\n" + "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(message)


class LibraryError(ContractsError, ValueError):
    """Raised when the clause library (YAML, models, playbooks) cannot be loaded or is inconsistent."""


class RequestError(ContractsError, ValueError):
    """Raised when a drafting request is invalid; lists every problem with its field path."""


class RosterError(ContractsError, ValueError):
    """Raised when a staff roster has bad rows; lists each with its row number and column."""


class OutputError(ContractsError, OSError):
    """Raised when an output folder cannot be written: a file in its place, no permission, a full disk."""


class UnsafeNameError(ContractsError, ValueError):
    """Raised when a name taken from input (a contract number, a person's name) cannot safely be a path."""


class TemplateProblem(ContractsError, ValueError):
    """Raised when a Word template has a syntax error or needs a variable no request provides."""


class RenderError(ContractsError, RuntimeError):
    """Raised when assembling or rendering a document fails."""


class DocumentReadError(ContractsError, OSError):
    """Raised when a .docx, .pdf or .txt cannot be read (malformed, encrypted, too large)."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class LedgerError(ContractsError, RuntimeError):
    """Raised when the sign-off ledger cannot be used or refuses an entry given bad input (a bad role,
    name or ledger path)."""


class LedgerNotFound(LedgerError, FileNotFoundError):
    """Raised when a command that only reads the ledger is given a path where there is none."""


class LedgerBroken(LedgerError):
    """Raised when the ledger fails verification (broken hash chain, corrupted cell, damaged file): exit 1."""

    exit_code = 1


class SignoffRefused(LedgerError):
    """Raised when an approval is refused because the role owns blocker findings: exit 1."""

    exit_code = 1
