"""Finding the drafted documents a request names: its main contract's manifest, the NDA a pledge cites."""

from __future__ import annotations

import contextlib
from pathlib import Path

from pydantic import ValidationError

from clause_library.errors import ContractsError
from clause_library.files import file_sha256
from clause_library.jsonio import read_json
from clause_library.safety import shown
from clause_library.yamlio import explain

from ..output import output_folder
from ..request import MainContract
from .facts import MANIFEST

__all__ = ["load_main_contract", "nda_made_for"]


def _find_manifest(ref: str, path: Path, out_dir: Path | None) -> tuple[Path | None, list[Path]]:
    tried: list[Path] = []
    if out_dir is not None:
        # not a contract number (a path, say): looked up beside the request below
        with contextlib.suppress(ContractsError):
            tried.append(output_folder(out_dir, ref) / MANIFEST)
    given = Path(ref)
    local = given if given.is_absolute() else path.parent / given
    tried.append(local if local.name == MANIFEST else local / MANIFEST)
    return next((p for p in tried if p.is_file()), None), tried


def load_main_contract(ref: str, path: Path, out_dir: Path | None) -> tuple[MainContract | None, str]:
    """The main contract ``ref`` names, or ``None`` and why not."""
    manifest, tried = _find_manifest(ref, path, out_dir)
    if manifest is None:
        where = " nor ".join(str(p) for p in tried)
        return None, (f"no drafted contract {shown(ref)}: no {where}; draft the main contract first (contracts "
                      "draft ITS-REQUEST --out DIR) and give its number (drafted into the same --out) or the path of "
                      "its folder or manifest.json")
    data, problems = read_json(manifest)
    if problems:
        return None, f"{manifest}: cannot be read ({problems[0].message})"
    if not isinstance(data, dict) or data.get("kind") != "service_contract":
        kind = data.get("kind") if isinstance(data, dict) else None
        return None, f"{manifest}: is the manifest of {shown(kind)}, not of a service contract"
    facts = data.get("contract")
    if not isinstance(facts, dict):
        return None, (f"{manifest}: does not record the contract's facts (drafted by an older version?): draft the "
                      "main contract again")
    sha = file_sha256(manifest)
    try:
        return MainContract.model_validate({**facts, "ref": ref, "manifest_sha256": sha}), ""
    except ValidationError as e:
        return None, f"{manifest}: its contract facts are not valid ({explain(e.errors()[0])}): draft it again"


def nda_made_for(out_dir: Path, nda_no: str) -> str | None:
    """The main contract the NDA ``nda_no`` drafted into ``out_dir`` (alone or as a pack) is made for: its
    number, ``""`` for an NDA made for none, ``None`` when no such NDA is drafted there."""
    from ..pack import pack_folder_name  # pack reads the family: imported late

    try:
        manifests = [output_folder(out_dir, nda_no) / MANIFEST, out_dir / pack_folder_name(nda_no) / MANIFEST]
    except ContractsError:
        return None  # not a folder name: the request's validation says why
    for manifest in manifests:
        data, problems = read_json(manifest) if manifest.is_file() else (None, [])
        if isinstance(data, dict) and not problems and data.get("kind") in ("nda", "nda_pack"):
            linked = data.get("main_contract")
            return str(linked.get("contract_no")) if isinstance(linked, dict) else ""
    return None
