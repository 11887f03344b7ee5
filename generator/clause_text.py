"""A clause's rendered text made into paragraphs and items, numbered, with its emphasised passages."""

from __future__ import annotations

from clause_library.errors import RenderError
from clause_library.models import Lang
from clause_library.sandbox import EMPHASIS

from .assembled import Para
from .values import item_marker

__all__ = ["EM", "paragraphs"]

# Stands for the emphasis marker while a clause text is rendered: no request value or default can hold a
# control character, so a "**" typed into a request stays text and only the library's markers emphasise.
EM = "\x02"


def _split(text: str) -> list[tuple[bool, str]]:
    """Blank lines separate paragraphs; ``- `` lines are items; other lines break within a paragraph."""
    out: list[tuple[bool, str]] = []
    new = True
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            new = True
            continue
        if line.startswith("- "):
            out.append((True, line[2:].strip()))
            new = False
            continue
        if new or not out or out[-1][0]:
            out.append((False, line))
        else:
            # A single newline is the author's line break (e.g. the parties' particulars).
            out[-1] = (False, out[-1][1] + "\n" + line)
        new = False
    return out


def _emphasis(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """``text`` without its markers, and the spans they enclosed; an unpaired marker is an error."""
    parts = text.split(EM)
    if len(parts) % 2 == 0:
        shown = text.replace(EM, EMPHASIS)[:60]
        raise RenderError(f"an emphasis marker {EMPHASIS} is not closed in the same paragraph: {shown!r}")
    spans: list[tuple[int, int]] = []
    pos = 0
    for i, part in enumerate(parts):
        if i % 2 and part:
            spans.append((pos, pos + len(part)))
        pos += len(part)
    return "".join(parts), tuple(spans)


def paragraphs(rendered: dict[Lang, str], number: int | None, numbered: bool) -> list[Para]:
    per_lang = {lang: _split(text) for lang, text in rendered.items()}
    shapes = {lang: [item for item, _ in blocks] for lang, blocks in per_lang.items()}
    langs = list(rendered)
    if len({tuple(s) for s in shapes.values()}) > 1:
        raise RenderError("zh and en texts have different paragraph structures")
    blocks0 = per_lang[langs[0]]
    n_paras = sum(1 for item, _ in blocks0 if not item)
    out: list[Para] = []
    p_no = 0
    i_no = 0
    for idx, (item, _) in enumerate(blocks0):
        text: dict[Lang, str] = {}
        emphasis: dict[Lang, tuple[tuple[int, int], ...]] = {}
        for lang in langs:
            text[lang], emphasis[lang] = _emphasis(per_lang[lang][idx][1])
        if len({bool(spans) for spans in emphasis.values()}) > 1:
            raise RenderError(f"zh and en texts emphasise different paragraphs (paragraph {idx + 1})")
        marker: dict[Lang, str] = {}
        if item:
            marker = {lang: item_marker(i_no, lang) for lang in langs}
            i_no += 1
        else:
            p_no += 1
            i_no = 0
            if numbered and number is not None and n_paras > 1:
                marker = {lang: f"{number}.{p_no}" for lang in langs}
        out.append(Para(text=text, marker=marker, item=item, emphasis={k: v for k, v in emphasis.items() if v}))
    return out
