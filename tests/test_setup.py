"""scripts/setup.sh: every font the code names is installed and checked; apt runs when one is missing.

The script runs with stand-ins for the system commands (dpkg-query, fc-list, apt-get, id, python3) on
PATH, so nothing is installed: the tests read what it would have asked apt-get for.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.pdf import FONT_REPLACEMENTS
from signoff import sheets as pack_sheets

ROOT = Path(__file__).resolve().parent.parent
SETUP = ROOT / "scripts" / "setup.sh"
pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def _array(name: str) -> list[str]:
    match = re.search(rf"^{name}=\((.*)\)$", SETUP.read_text(encoding="utf-8"), flags=re.M)
    assert match, f"{name}=(...) not found in {SETUP}"
    return [quoted or bare for quoted, bare in re.findall(r'"([^"]+)"|(\S+)', match.group(1))]


def test_every_font_the_code_names_is_checked_by_setup_sh() -> None:
    named = {pack_sheets._LATIN, *(face for _, face in FONT_REPLACEMENTS)}
    assert named <= set(_array("FONT_FAMILIES"))
    printed = subprocess.run(["bash", str(SETUP), "--print-font-packages"], capture_output=True, text=True,
                             check=True).stdout.split()
    assert printed == _array("FONT_PACKAGES") and "fonts-liberation2" in printed and "fonts-noto-cjk" in printed


def _stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


def _run(tmp_path: Path, *, uninstalled: str = "", uid: int = 0) -> tuple[subprocess.CompletedProcess[str], str]:
    """Run setup.sh as if ``uninstalled`` (a package whose fonts are Liberation's) were missing."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "apt.log"
    families = ["Liberation Serif", "Liberation Sans", "Noto Serif CJK SC", "Noto Sans CJK SC,Noto Sans CJK SC Bold",
                "OpenSymbol", "DejaVu Sans"]
    if uninstalled == "fonts-liberation2":
        families = [f for f in families if not f.startswith("Liberation")]
    _stub(bin_dir, "fc-list", "cat <<'END'\n" + "\n".join(families) + "\nEND")
    _stub(bin_dir, "dpkg-query", f'[ "$3" = "{uninstalled}" ] && exit 1; printf "install ok installed"')
    _stub(bin_dir, "apt-get", f'echo "$@" >> "{log}"')
    _stub(bin_dir, "id", f"echo {uid}")
    for name in ("soffice", "pdftoppm", "pgrep", "chromium", "chromedriver", "python3"):
        _stub(bin_dir, name, "exit 0")
    env = {**os.environ, "PATH": f"{bin_dir}:/usr/bin:/bin"}
    proc = subprocess.run(["bash", str(SETUP)], capture_output=True, text=True, env=env, timeout=30, check=False)
    return proc, log.read_text(encoding="utf-8") if log.exists() else ""


def test_a_set_up_machine_skips_apt(tmp_path: Path) -> None:
    proc, apt = _run(tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert apt == "" and "setup done" in proc.stdout


def test_a_machine_missing_one_font_package_installs_everything_without_recommends(tmp_path: Path) -> None:
    proc, apt = _run(tmp_path, uninstalled="fonts-liberation2")
    assert proc.returncode == 0, proc.stderr
    assert "font 'Liberation Sans'" in proc.stdout and "fonts-liberation2" in proc.stdout
    install = next(line for line in apt.splitlines() if " install " in f" {line} ").split()
    assert "--no-install-recommends" in install
    assert {"libreoffice-writer-nogui", "poppler-utils", "procps", *_array("FONT_PACKAGES"),
            *_array("BROWSER_PACKAGES")} <= set(install)


def test_not_root_names_what_to_install_and_runs_no_apt(tmp_path: Path) -> None:
    proc, apt = _run(tmp_path, uninstalled="fonts-liberation2", uid=1000)
    assert proc.returncode == 0 and apt == ""
    assert "missing" in proc.stderr and "fonts-liberation2" in proc.stderr.split("Install:")[1]
