"""The clause library: models, loader and lint over the YAML data that legal maintains."""

from .errors import ContractsError, LibraryError, Problem
from .loader import Library, default_library, load_library, read_library
from .models import Condition, DocumentKind, Lang, OutsourcingKind, Role, Severity, Status

__all__ = [
    "Condition",
    "ContractsError",
    "DocumentKind",
    "Lang",
    "Library",
    "LibraryError",
    "OutsourcingKind",
    "Problem",
    "Role",
    "Severity",
    "Status",
    "default_library",
    "load_library",
    "read_library",
]
