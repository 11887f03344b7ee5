"""Read a drafted contract as a lawyer does: its articles by heading, each with its paragraphs and runs."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from docx import Document
from docx.text.paragraph import Paragraph

from clause_library.loader import Library
from generator.assemble import assemble
from generator.render import render_docx
from generator.request import parse_request

__all__ = ["Articles", "drafted_docx", "emphasised", "read_articles"]

_HEAD = re.compile(r"^(第[一二三四五六七八九十百]+条|Article \d+)\s+(.*)$")


@dataclass
class Articles:
    """The preamble paragraphs, then each article's number ("第七条"/"Article 7"), heading and paragraphs."""

    preamble: list[Paragraph] = field(default_factory=list)
    heading: dict[str, str] = field(default_factory=dict)
    paras: dict[str, list[Paragraph]] = field(default_factory=dict)

    def text(self, number: str) -> str:
        return "\n".join(p.text for p in self.paras[number])

    def find(self, heading: str) -> str:
        """The number of the article whose heading is ``heading``."""
        found = [n for n, h in self.heading.items() if h == heading]
        assert len(found) == 1, (heading, self.heading)
        return found[0]

    def all_text(self) -> str:
        return "\n".join([p.text for p in self.preamble] + [self.text(n) for n in self.paras])


# What drafted_docx rendered in this process: the request data's repr → (the library, the .docx bytes). Drafting is
# deterministic, and the modules of tests/generator read the same shipped contracts (the IT contract in seven of
# them): each parses the bytes the first one rendered, into a Document of its own to read or change.
_RENDERED: dict[str, tuple[Library, bytes]] = {}


def drafted_docx(library: Library, data: dict[str, Any]) -> Any:
    """The python-docx Document drafted from request ``data``, in memory."""
    key = repr(data)
    done = _RENDERED.get(key)
    if done is None or done[0] is not library:
        done = _RENDERED[key] = (library, render_docx(assemble(library, parse_request(data))))
    return Document(io.BytesIO(done[1]))


def read_articles(doc: Any) -> Articles:
    out = Articles()
    current: str | None = None
    for p in doc.paragraphs:
        if p.style.name == "Heading 1":
            m = _HEAD.match(p.text.split("  ")[0])
            assert m, p.text
            current = m.group(1)
            out.heading[current] = m.group(2)
            out.paras[current] = []
        elif current is None:
            out.preamble.append(p)
        else:
            out.paras[current].append(p)
    return out


def emphasised(paragraph: Paragraph) -> list[str]:
    """The runs of ``paragraph`` that are bold and underlined, joined where adjacent."""
    spans: list[str] = []
    prev = False
    for run in paragraph.runs:
        on = bool(run.bold) and bool(run.underline)
        if on and prev:
            spans[-1] += run.text
        elif on:
            spans.append(run.text)
        prev = on
    return spans
