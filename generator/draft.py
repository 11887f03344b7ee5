"""Drafting one document from a request file into ``output/<contract-no>/``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from clause_library.loader import Library, default_library
from clause_library.models import DocumentKind

from .assemble import assemble
from .assembled import Assembled
from .family import family_manifest
from .output import output_folder, staging, write_manifest
from .pdf import convert_to_pdf
from .render import render_docx
from .request import AnyRequest, load_request

__all__ = ["DEFAULT_OUT", "DOC_NAMES", "DraftResult", "draft", "draft_request"]

DEFAULT_OUT = Path("output")
DOC_NAMES = {DocumentKind.service_contract: "contract", DocumentKind.nda: "nda", DocumentKind.pledge: "pledge",
             DocumentKind.security_agreement: "security-agreement",
             DocumentKind.integrity_agreement: "integrity-agreement",
             DocumentKind.power_of_attorney: "power-of-attorney", DocumentKind.change_agreement: "change-agreement",
             DocumentKind.termination_agreement: "termination-agreement"}


@dataclass
class DraftResult:
    """What a draft wrote: the folder, the files in it, the assembled content, and whether an earlier
    draft's folder of the same name was replaced."""

    folder: Path
    files: list[Path]
    assembled: Assembled
    replaced: bool = False


def draft_request(
    req: AnyRequest, out_dir: Path = DEFAULT_OUT, *, pdf: bool = False, library: Library | None = None,
    template_dir: Path | None = None, request_file: str = "<request>",
) -> DraftResult:
    """Draft ``req`` into ``out_dir/<contract_no>/`` (a ``/`` in the number becomes ``_``), replacing
    an earlier draft there; nothing is left behind if anything fails. ``request_file`` names the request's
    file in problems."""
    final = output_folder(out_dir, req.contract_no)
    lib = library or default_library()
    doc = assemble(lib, req, request_file)
    data = render_docx(doc, template_dir=template_dir)
    name = DOC_NAMES[doc.kind]
    replaced = final.exists()
    with staging(final) as tmp:
        docx_path = tmp / f"{name}.docx"
        docx_path.write_bytes(data)
        if pdf:
            convert_to_pdf([docx_path], tmp)
        write_manifest(tmp, {"contract_no": req.contract_no, "kind": doc.kind.value,
                             "request_sha256": doc.request_sha256, "clauses": doc.clause_versions,
                             "defaults": [{"field": f, "value": v} for f, v in doc.defaults],
                             **family_manifest(lib, req, doc.articles)})
    files = sorted(p for p in final.iterdir() if p.is_file())
    return DraftResult(final, files, doc, replaced)


def draft(request_path: Path, out_dir: Path = DEFAULT_OUT, *, pdf: bool = False) -> DraftResult:
    """Read the request at ``request_path`` and draft it (see ``draft_request``)."""
    return draft_request(load_request(request_path, out_dir=out_dir), out_dir, pdf=pdf,
                         request_file=str(request_path))
