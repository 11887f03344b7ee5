"""Text nodes and runs of a parsed Word part, as a fast path fills them: their texts, and a run's East-Asian font."""

from __future__ import annotations

from collections.abc import Iterator

from docx.oxml.parser import parse_xml

from .parser import Element, W, parse, serialize
from .wordml import set_fonts

__all__ = [
    "attribute_values",
    "east_asian_properties",
    "enclosing_run",
    "has_east_asian_font",
    "run_properties",
    "run_text",
    "run_text_nodes",
    "set_run_properties",
    "text_elements",
]


def text_elements(root: Element) -> Iterator[Element]:
    """Every element of ``root`` that holds text of its own (not comments or processing instructions)."""
    return (el for el in root.iter() if isinstance(el.tag, str) and el.text)


def attribute_values(root: Element) -> Iterator[str]:
    """The value of every attribute in ``root``."""
    return (value for el in root.iter() for value in el.attrib.values())


def enclosing_run(node: Element) -> Element | None:
    """The run (w:r) a text node (w:t) belongs to; ``None`` for another node, or a w:t outside a run."""
    if node.tag != f"{W}t":
        return None
    run = node.getparent()
    return run if run is not None and run.tag == f"{W}r" else None


def run_text_nodes(run: Element) -> Iterator[Element]:
    """A run's text nodes (w:t)."""
    return iter(run.iter(f"{W}t"))


def run_text(run: Element) -> str:
    """The text of a run's text nodes."""
    return "".join(t.text or "" for t in run_text_nodes(run))


def run_properties(run: Element) -> Element | None:
    """A run's w:rPr; ``None`` when it has none."""
    return run.find(f"{W}rPr")


def has_east_asian_font(rpr: Element | None) -> bool:
    """Whether run properties name an East-Asian font (w:rFonts/@w:eastAsia); ``None`` (no properties) has none."""
    fonts = rpr.find(f"{W}rFonts") if rpr is not None else None
    return fonts is not None and fonts.get(f"{W}eastAsia") is not None


def east_asian_properties(run: Element, east_asia: str) -> Element:
    """The w:rPr ``run`` gets when ``set_fonts`` gives it the East-Asian font ``east_asia``, as a plain element."""
    # set_fonts works on python-docx's element classes; the result is parsed back into a plain lxml element.
    probe = parse_xml(serialize(run))
    set_fonts(probe, east_asia=east_asia)
    return parse(serialize(probe.find(f"{W}rPr")))


def set_run_properties(run: Element, rpr: Element | None) -> None:
    """Make ``rpr`` the w:rPr of ``run`` (``None``: none), unless it already is."""
    current = run.find(f"{W}rPr")
    if current is not rpr:
        if current is not None:
            run.remove(current)
        if rpr is not None:
            run.insert(0, rpr)
