"""`pip install .` (not editable) then `contracts demo` in an empty folder: the wheel carries the
templates, the examples and the library's data, and the installed code finds them there.

The wheel is built from a copy of the sources (nothing written into the repository) and installed
into a throw-away virtual environment that sees this interpreter's site-packages for the dependencies
(a .pth line, which works when the tests run in a venv too, where --system-site-packages would see the
base Python instead; and --no-deps: no network). A path from a .pth line is searched after the venv's
own packages and its .pth files are not run, so neither an installed copy nor the editable install's
finder can stand in for the wheel. The demo runs from an empty folder with no PYTHONPATH, and the
test checks that the code it imported is the venv's, not the repository or the editable install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

from tests.conftest import ROOT

PACKAGES = ("clause_library", "generator", "review", "signoff", "portal", "contracts")


def _run(cmd: list[str | Path], cwd: Path, env: dict[str, str], stdin: str | None = None,
         ) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True,
                          check=False, timeout=120, input=stdin)
    assert proc.returncode == 0, f"{cmd} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc


def _shipped_files() -> set[str]:
    """Every file of the packages that is not Python source: what the wheel must carry as package data."""
    return {p.relative_to(ROOT).as_posix() for pkg in PACKAGES for p in (ROOT / pkg).rglob("*")
            if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts}


def test_wheel_installs_and_the_demo_runs_in_an_empty_folder(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSAFEPATH")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    src = tmp_path / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build")
    for pkg in PACKAGES:
        shutil.copytree(ROOT / pkg, src / pkg, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)

    wheels = tmp_path / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
          "-w", wheels, src], tmp_path, env)
    (wheel,) = wheels.glob("*.whl")
    with zipfile.ZipFile(wheel) as zf:
        missing = _shipped_files() - set(zf.namelist())
    assert not missing, f"package data left out of the wheel: {sorted(missing)}"

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], tmp_path, env)
    (site,) = (venv / "lib").glob("python3*/site-packages")
    outer = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (site / "dependencies.pth").write_text("\n".join(outer) + "\n", encoding="utf-8")
    python = venv / "bin" / "python"
    _run([python, "-m", "pip", "install", "--no-deps", "--no-index", "--ignore-installed", "-q", wheel],
         tmp_path, env)

    empty = tmp_path / "empty"
    empty.mkdir()
    where = _run([python, "-c", "import clause_library, generator.demo, contracts.cli, review, signoff.ledger; "
                  "print(clause_library.__file__); print(generator.demo.EXAMPLES_DIR); print(signoff.ledger.__file__)"],
                 empty, env)
    for line in where.stdout.splitlines():
        assert Path(line).resolve().is_relative_to(venv.resolve()), f"imported from outside the venv: {line}"

    proc = _run([venv / "bin" / "contracts", "demo"], empty, env)
    out = empty / "output"
    for doc in ("IT-2026-0001/contract.docx", "NDA-2026-0031/nda.docx", "NDA-2026-0042-pack/nda.docx",
                "NDA-2026-0036-pack/nda.docx", "NDA-2026-0058-pack/nda.docx"):
        assert (out / doc).is_file(), f"{doc} not drafted:\n{proc.stdout}\n{proc.stderr}"
    # the packs of the BPO, IT and HR contracts, from the rosters the wheel carries (.xlsx and .csv)
    for pack, pledges in (("NDA-2026-0042-pack", 11), ("NDA-2026-0036-pack", 6), ("NDA-2026-0058-pack", 5)):
        assert len(list((out / pack / "pledges").glob("*.docx"))) == pledges, pack
    assert (out / "IT-2026-0001" / "contract.docx.review.md").is_file()
    assert "Traceback" not in proc.stderr
    # sign-off from the wheel: the ledger goes to $CONTRACTS_HOME, not the current folder
    home = tmp_path / "home"
    signed = _run([venv / "bin" / "contracts", "signoff", out / "IT-2026-0001" / "contract.docx", "--role", "legal",
                   "--by", "李律师"], empty, {**env, "CONTRACTS_HOME": str(home)})
    assert (home / "signoff.sqlite3").is_file() and "recorded #1" in signed.stdout, signed.stdout + signed.stderr
    # the portal's accounts from the wheel, in the same $CONTRACTS_HOME
    users = _run([venv / "bin" / "contracts", "users", "add", "admin.zhang", "--name", "张管理员", "--role", "admin",
                  "--password-stdin"], empty, {**env, "CONTRACTS_HOME": str(home)}, stdin="a long passphrase here\n")
    assert (home / "portal.sqlite3").is_file() and "added admin.zhang" in users.stdout, users.stdout + users.stderr
