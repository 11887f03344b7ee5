"""The checks' first look (``Context.blocks_for``) never skips a block its regex matches."""

from __future__ import annotations

import random
import re

from clause_library.loader import default_library
from clause_library.models import DocumentKind
from review.check_base import TEXT_PARTS, Context
from review.check_figures import _INSTALMENT, _PAY_CUE, _TERM
from review.check_placeholders import _TRIGGER_STRINGS, _may_hold_placeholder
from review.check_text import _USCC
from review.checks import _CONF
from review.document import Block, Part, ReadResult
from tests.conftest import eval_dev_documents, needs_shared_eval

GATED = [_TERM, _USCC, _PAY_CUE, _INSTALMENT, _CONF]


def _context(texts: list[str]) -> Context:
    result = ReadResult(path="x.txt", format="txt")
    parts = [Part.body, Part.table, Part.header, Part.annex]
    result.blocks = [Block(text=t, index=i, location=f"¶{i}", part=parts[i % 4]) for i, t in enumerate(texts)]
    return Context(result, [], {}, DocumentKind.service_contract, None, set(), default_library())


def _assert_never_skips(ctx: Context) -> None:
    for parts in (TEXT_PARTS, TEXT_PARTS | {Part.header, Part.footer}):
        for rx in GATED:
            kept = {b.index for b in ctx.blocks_for(rx, parts=parts)}
            matched = {b.index for b in ctx.blocks(parts) if rx.search(b.text)}
            assert matched <= kept, rx.pattern[:60]
        both = {b.index for b in ctx.blocks_for(_PAY_CUE, _INSTALMENT, parts=parts)}
        assert {b.index for b in ctx.blocks(parts) if _PAY_CUE.search(b.text) and _INSTALMENT.search(b.text)} <= both
        triggered = {b.index for b in ctx.blocks_containing(_TRIGGER_STRINGS, parts)}
        assert {b.index for b in ctx.blocks(parts) if _may_hold_placeholder(b.text)} <= triggered


def test_blocks_for_on_generated_blocks() -> None:
    rng = random.Random(9)
    pieces = ["自", "2026年4月1日", "起至", "2025年3月31日", "止", "from ", "1 April 2026", " to ", "March 31, 2025",
              "统一社会信用代码：", "91350100M000100Y43", "USCC ", "Payment", "首期", "尾款", "30%", "instalments",
              "confidential", "保密", "Confidentiality", "İnstalment", "ſecret", " ", "\n", "x", "中", "年 ", "____",
              "TBD", "【", "XX"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 14))) for _ in range(3000)]
    _assert_never_skips(_context(texts))


def test_blocks_for_keeps_what_matches_and_drops_what_cannot() -> None:
    ctx = _context(["本合同期限自2026年4月1日起至2027年3月31日止。", "no dates here",
                    "统一社会信用代码：91350100M000100Y43"])
    assert [b.index for b in ctx.blocks_for(_TERM)] == [0]
    assert [b.index for b in ctx.blocks_for(_USCC, parts=TEXT_PARTS | {Part.header})] == [2]  # a header
    assert ctx.blocks_for(re.compile(r"\w+")) == list(ctx.blocks())  # nothing certain: every block


@needs_shared_eval
def test_blocks_for_on_eval_documents() -> None:
    from review.reader import read_document

    for p in eval_dev_documents()[::4]:
        result = read_document(p)
        _assert_never_skips(_context([b.text for b in result.blocks]))
