"""constraints.txt pins what CI tested: every dependency in pyproject.toml (runtime and dev) and what
they pull in, each at one exact version that meets pyproject's range, and the one installed here."""

from __future__ import annotations

import contextlib
import re
import tomllib
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins() -> dict[str, str]:
    pins = {}
    for n, line in enumerate((ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, version = line.partition("==")
        assert sep and version, f"constraints.txt:{n}: {line!r} is not NAME==VERSION"
        assert _key(name) not in pins, f"constraints.txt:{n}: {name} pinned twice"
        pins[_key(name)] = version
    return pins


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]]


def _closure(reqs: list[Requirement]) -> set[str]:
    """The declared requirements and, through the installed distributions' metadata, what they need."""
    seen: set[str] = set()
    done: set[tuple[str, frozenset[str]]] = set()
    # each with the extras its parent was asked with ("psycopg[binary]" needs psycopg's `extra == "binary"` lines)
    todo: list[tuple[Requirement, frozenset[str]]] = [(r, frozenset()) for r in reqs]
    while todo:
        req, extras = todo.pop()
        if req.marker and not any(req.marker.evaluate({"extra": e}) for e in extras | {""}):
            continue
        seen.add(_key(req.name))
        if (_key(req.name), frozenset(req.extras)) in done:
            continue
        done.add((_key(req.name), frozenset(req.extras)))
        with contextlib.suppress(PackageNotFoundError):  # reported by the installed-version check
            todo += [(Requirement(r), frozenset(req.extras)) for r in distribution(req.name).requires or []]
    return seen


def test_every_declared_dependency_is_pinned_within_its_range() -> None:
    pins = _pins()
    for req in _declared():
        assert _key(req.name) in pins, f"{req.name} (pyproject.toml) is not pinned in constraints.txt"
        assert req.specifier.contains(pins[_key(req.name)], prereleases=True), (
            f"constraints.txt pins {req.name}=={pins[_key(req.name)]}, outside pyproject's {req.specifier}")


def test_what_they_pull_in_is_pinned_and_installed_at_the_pinned_version() -> None:
    pins = _pins()
    needed = _closure(_declared())
    assert not needed - set(pins), f"not pinned in constraints.txt: {sorted(needed - set(pins))}"
    assert not set(pins) - needed, f"pinned but nothing needs them: {sorted(set(pins) - needed)}"
    wrong = {}
    for name, version in pins.items():
        try:
            installed = distribution(name).version
        except PackageNotFoundError:
            installed = "not installed"
        if installed != version:
            wrong[name] = f"{installed} installed, {version} pinned"
    assert not wrong, f"run scripts/setup.sh (installs with -c constraints.txt): {wrong}"
