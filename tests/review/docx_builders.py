""".docx fixtures built in code for the reader's tests: lists with automatic numbering, extra parts, saving."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.opc.packuri import PackURI
from docx.opc.part import Part as OpcPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

W_NS = nsdecls("w")


def _add_list(document: docx.document.Document, levels: list[tuple[str, str]], *, num_id: int) -> str:
    """Add an abstract list with (numFmt, lvlText) per level and a w:num for it; return the numId.

    Levels written "%1.%2" get w:isLgl, as Chinese templates do, so "第一条" is followed by "1.1".
    """
    numbering = document.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:suff w:val="space"/>{"<w:isLgl/>" if "%1.%" in text else ""}'
        "</w:lvl>"
        for i, (fmt, text) in enumerate(levels)
    )
    abstract = parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="{num_id}">{lvls}</w:abstractNum>')
    first_num = numbering.find(f"{{{numbering.nsmap['w']}}}num")
    if first_num is None:
        numbering.append(abstract)
    else:
        first_num.addprevious(abstract)
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>'))
    return str(num_id)


def _numbered(document: docx.document.Document, text: str, num_id: str, ilvl: int = 0) -> None:
    p = document.add_paragraph(text)
    p._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def _save(document: docx.document.Document, tmp_path: Path, name: str = "c.docx") -> Path:
    path = tmp_path / name
    document.save(str(path))
    return path


def _add_part(
    document: docx.document.Document, name: str, content_type: str, rel: str, xml: str, *, package_level: bool = False
) -> None:
    part = OpcPart(PackURI(name), content_type, xml.encode("utf-8"), document.part.package)
    (document.part.package if package_level else document.part).relate_to(part, rel)
