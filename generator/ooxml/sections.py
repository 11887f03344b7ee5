"""Documents of one template laid one after another as sections: whether they can be, and the document that does.

Each section numbers its pages from 1; documents are laid together only when each lays out as it would alone.
"""

from __future__ import annotations

import copy

from .parser import CORE, Element, W, new_element, parse, serialize, sub_element

__all__ = ["document_subject", "is_margin", "laid_together", "plain_body", "plain_margins", "with_page_count"]

_COUNT_FIELDS = {"NUMPAGES", "SECTIONPAGES"}
_PAGE_FIELDS = {"PAGE"} | _COUNT_FIELDS
# What comes before w:pgNumType in a w:sectPr (the schema's order).
_BEFORE_PAGE_NUMBERS = {f"{W}{t}" for t in ("headerReference", "footerReference", "footnotePr", "endnotePr", "type",
                                            "pgSz", "pgMar", "paperSrc", "pgBorders", "lnNumType")}


def is_margin(name: str) -> bool:
    """Whether the package part ``name`` is a header or a footer."""
    return name.startswith(("word/header", "word/footer")) and name.endswith(".xml")


def plain_margins(parts: dict[str, bytes]) -> bool:
    """Headers and footers (among the package ``parts``, by name) hold no field but page numbers."""
    return all(_only_page_fields(parse(data)) for name, data in parts.items() if is_margin(name))


def plain_body(document: bytes, styles: bytes | None) -> bool:
    """Whether a document part (word/document.xml) can be laid after another as a section of its own: one
    section, no bookmark, no numbered paragraph (``styles``: word/styles.xml, if any) and no field but page
    numbers."""
    return _plain_body(parse(document), styles)


def laid_together(documents: list[bytes], bookmarks: list[str], pages: int) -> bytes:
    """The document part whose body is the bodies of ``documents`` one after another, each a section numbering
    its pages from 1, its start bookmarked ``bookmarks[n]``, every page count the number ``pages``."""
    root = parse(documents[0])
    body = _body(root)
    for child in list(body):
        body.remove(child)
    for n, document in enumerate(documents):
        *content, section = list(_body(parse(document)))
        section = _numbering_from_one(copy.deepcopy(section))
        _bookmark(content, n, bookmarks[n])
        for element in content:
            body.append(element)
        if n < len(documents) - 1:
            holder = sub_element(body, f"{W}p")
            sub_element(holder, f"{W}pPr").append(section)
        else:
            body.append(section)
    _fix_page_count(root, pages)
    return serialize(root)


def with_page_count(part: bytes, pages: int) -> bytes:
    """A header or footer part with its page-count fields made the number ``pages``."""
    root = parse(part)
    _fix_page_count(root, pages)
    return serialize(root)


def document_subject(core: bytes) -> str:
    """The subject in a core-properties part (docProps/core.xml); "" when it has none."""
    found = parse(core).find(f"{CORE}subject")
    return found.text or "" if found is not None else ""


def _body(root: Element) -> Element:
    body = root.find(f"{W}body")
    if body is None:
        raise ValueError("a document part without a body (plain_body tells which documents can be laid together)")
    return body


def _numbering_from_one(section: Element) -> Element:
    """``section`` (a w:sectPr) numbering its pages from 1 unless it starts elsewhere already."""
    numbering = section.find(f"{W}pgNumType")
    if numbering is None:
        numbering = new_element(f"{W}pgNumType")
        before = [c for c in section if c.tag in _BEFORE_PAGE_NUMBERS]
        if before:
            before[-1].addnext(numbering)
        else:
            section.insert(0, numbering)
    if numbering.get(f"{W}start") is None:
        numbering.set(f"{W}start", "1")
    return section


def _plain_body(root: Element, styles: bytes | None) -> bool:
    body = root.find(f"{W}body")
    if body is None or len(body) == 0 or body[-1].tag != f"{W}sectPr":
        return False
    if root.find(f".//{W}pPr/{W}sectPr") is not None or root.find(f".//{W}bookmarkStart") is not None:
        return False
    if root.find(f".//{W}numPr") is not None:
        return False
    numbered = _numbered_styles(styles)
    used = {e.get(f"{W}val") for e in root.iter(f"{W}pStyle")}
    return not (used & numbered) and _only_page_fields(root)


def _numbered_styles(styles: bytes | None) -> set[str]:
    """Paragraph styles that number their paragraphs, themselves or through the styles they are based on."""
    if styles is None:
        return set()
    based: dict[str, str | None] = {}
    numbered: set[str] = set()
    for style in parse(styles).iter(f"{W}style"):
        sid = style.get(f"{W}styleId") or ""
        parent = style.find(f"{W}basedOn")
        based[sid] = parent.get(f"{W}val") if parent is not None else None
        if style.find(f"{W}pPr/{W}numPr") is not None:
            numbered.add(sid)
    result = set()
    for sid in based:
        seen: set[str] = set()
        cur: str | None = sid
        while cur and cur not in seen:
            if cur in numbered:
                result.add(sid)
                break
            seen.add(cur)
            cur = based.get(cur)
    return result


def _instructions(root: Element) -> list[str]:
    simple = [e.get(f"{W}instr") or "" for e in root.iter(f"{W}fldSimple")]
    complex_ = [e.text or "" for e in root.iter(f"{W}instrText")]
    return [(s.split() or [""])[0].upper() for s in simple + complex_]


def _only_page_fields(root: Element) -> bool:
    return all(word in _PAGE_FIELDS for word in _instructions(root))


def _fix_page_count(root: Element, pages: int) -> None:
    """Every page-count field in ``root`` becomes the number ``pages``, in the field's own formatting."""
    for simple in list(root.iter(f"{W}fldSimple")):
        if (simple.get(f"{W}instr") or "").split()[:1] in ([f] for f in _COUNT_FIELDS):
            run = simple.find(f"{W}r")
            new = copy.deepcopy(run) if run is not None else new_element(f"{W}r")
            _set_run_text(new, str(pages))
            simple.getparent().replace(simple, new)
    for paragraph in root.iter(f"{W}p"):
        runs = list(paragraph.iter(f"{W}r"))
        i = 0
        while i < len(runs):
            begin = runs[i].find(f"{W}fldChar")
            if begin is None or begin.get(f"{W}fldCharType") != "begin":
                i += 1
                continue
            j, instr = i + 1, ""
            while j < len(runs):
                char = runs[j].find(f"{W}fldChar")
                if char is not None and char.get(f"{W}fldCharType") == "end":
                    break
                instr += "".join(t.text or "" for t in runs[j].iter(f"{W}instrText"))
                j += 1
            if instr.split()[:1] and instr.split()[0].upper() in _COUNT_FIELDS and j < len(runs):
                new = copy.deepcopy(runs[i])
                new.remove(new.find(f"{W}fldChar"))
                _set_run_text(new, str(pages))
                runs[i].addprevious(new)
                for run in runs[i:j + 1]:
                    run.getparent().remove(run)
            i = j + 1


def _set_run_text(run: Element, text: str) -> None:
    for child in list(run):
        if child.tag != f"{W}rPr":
            run.remove(child)
    t = sub_element(run, f"{W}t")
    t.text = text


def _bookmark(content: list[Element], n: int, name: str) -> None:
    """A bookmark ``name`` at the start of the first paragraph (or before the first block) of ``content``."""
    start = new_element(f"{W}bookmarkStart")
    start.set(f"{W}id", str(900_000 + n))
    start.set(f"{W}name", name)
    end = new_element(f"{W}bookmarkEnd")
    end.set(f"{W}id", str(900_000 + n))
    paragraph = content[0] if content and content[0].tag == f"{W}p" else None
    if paragraph is None:
        holder = new_element(f"{W}p")
        content.insert(0, holder)
        paragraph = holder
    has_ppr = len(paragraph) and paragraph[0].tag == f"{W}pPr"
    paragraph.insert(1 if has_ppr else 0, end)
    paragraph.insert(1 if has_ppr else 0, start)
