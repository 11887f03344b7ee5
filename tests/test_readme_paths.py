"""The README names only what a clone of the repository has: no `../` path, and every path it
names (a word with a slash, in code or in text) exists in the repository."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_PATH = re.compile(r"^[\w.-]+(?:/[\w.-]+)*/?$")


def _named_paths(text: str) -> set[str]:
    """Words with a slash in the README's code: inline `code`, and fenced blocks' commands (not comments)."""
    fenced = re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.S | re.M)
    code = [line.split("#")[0] for block in fenced for line in block.splitlines()]
    code += re.findall(r"`([^`\n]+)`", re.sub(r"^```.*?^```", "", text, flags=re.S | re.M))
    words = {w.strip("'\"()[],;:") for chunk in code for w in chunk.split()}
    return {w for w in words if "/" in w and _PATH.match(w) and not w.startswith(".venv/")}


def test_readme_points_only_inside_the_repository() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "../" not in text, "the README points outside the repository"
    paths = _named_paths(text)
    assert "generator/data/examples/" in paths and "eval-zh/test/labels.csv" in paths  # the test sees paths
    missing = sorted(p for p in paths if not (ROOT / p).exists())
    assert not missing, f"the README names paths the repository does not have: {missing}"


def _exists(name: str) -> bool:
    """A path of the repository, or a module path with attributes after it: generator/render.render_docx,
    review/check_*.py, clause_library.files.atomic_write."""
    import importlib

    if "*" in name:
        return any(ROOT.glob(name))
    if "/" in name:
        head, _, attrs = name.partition(".") if not (ROOT / name).exists() else (name, "", "")
        if (ROOT / head).exists() or (ROOT / f"{head}.py").exists():
            return not attrs or _exists(f"{head.replace('/', '.')}.{attrs}")
        return False
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


def test_architecture_names_only_what_exists() -> None:
    """Every module, function and path ARCHITECTURE.md names in `code` is there: it is read by newcomers."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    packages = tuple(f"{p}{sep}" for p in ("clause_library", "generator", "review", "signoff", "contracts", "tests",
                                           "scripts") for sep in "/.")
    named = set()
    for code in re.findall(r"`([^`\n]+)`", text):
        for word in code.replace("→", " ").split():
            word = word.strip("'\"()[],;:…").removesuffix("()").split("(")[0]
            if word.startswith(packages) and re.fullmatch(r"[\w./*-]+", word):
                named.add(word.rstrip("./"))
    assert len(named) > 40
    missing = sorted(n for n in named if not _exists(n))
    assert not missing, f"ARCHITECTURE.md names what the repository does not have: {missing}"
