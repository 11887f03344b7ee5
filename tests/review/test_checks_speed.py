"""The checks' first look (``Context.blocks_for``) never skips a block its regex matches, and the checks that look
only there find what they found looking everywhere."""

from __future__ import annotations

import random
import re
from typing import Any

import pytest

from clause_library.loader import default_library
from clause_library.models import DocumentKind
from review import check_consistency, check_defined_terms, check_references, check_special_notice
from review.check_base import TEXT_PARTS, Context
from review.check_consistency import _DELETE_ALL, _DUTIES, _KEEP, _KEEP_FOR
from review.check_figures import _INSTALMENT, _PAY_CUE, _TERM
from review.check_placeholders import _TRIGGER_STRINGS, _may_hold_placeholder
from review.check_references import _SUB_REF
from review.check_schedules import _SCHEDULE_REF
from review.check_special_notice import _LIMITS, _NOTICE, _STANDARD_FORM
from review.check_text import _USCC
from review.checks import _CONF
from review.document import Block, Part, ReadResult
from review.linear import LinearPattern
from tests.conftest import eval_dev_documents, needs_shared_eval

GATED: list[re.Pattern[str] | LinearPattern] = [
    _TERM, _USCC, _PAY_CUE, _INSTALMENT, _CONF, _KEEP, _KEEP_FOR, _DELETE_ALL, _SUB_REF, _SCHEDULE_REF,
    _STANDARD_FORM, _NOTICE, _LIMITS, *(rx for pair in _DUTIES.values() for rx in pair if rx is not None)]
# Checks that look only in the blocks ``blocks_for`` keeps: the same findings as looking in every block.
PREFILTERED = [check_consistency.check_periods, check_special_notice.check_special_notice,
               check_references.check_references, check_defined_terms.check_defined_terms]


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
        pairs: list[tuple[Any, Any]] = [(_PAY_CUE, _INSTALMENT), (_KEEP, _KEEP_FOR)]
        pairs += [(cue, verb) for cue, verb in _DUTIES.values() if verb is not None]
        for a, b in pairs:
            both = {k.index for k in ctx.blocks_for(a, b, parts=parts)}
            assert {k.index for k in ctx.blocks(parts) if a.search(k.text) and b.search(k.text)} <= both
        triggered = {b.index for b in ctx.blocks_containing(_TRIGGER_STRINGS, parts)}
        assert {b.index for b in ctx.blocks(parts) if _may_hold_placeholder(b.text)} <= triggered


def test_blocks_for_on_generated_blocks() -> None:
    rng = random.Random(9)
    pieces = ["自", "2026年4月1日", "起至", "2025年3月31日", "止", "from ", "1 April 2026", " to ", "March 31, 2025",
              "统一社会信用代码：", "91350100M000100Y43", "USCC ", "Payment", "首期", "尾款", "30%", "instalments",
              "confidential", "保密", "Confidentiality", "İnstalment", "ſecret", " ", "\n", "x", "中", "年 ", "____",
              "TBD", "【", "XX", "incident", "24小时内", "通知", "security breach", "notify", " within 48 hours",
              "RECTIF", "整改", "5个工作日", "retain", "保存", "两年", "2 years", "delete all copies", "删除全部副本",
              "除外", "Clause 8.4", "第8.4条", "Schedule 2", "附件一", "标准合同文本", "特别提示", "不承担",
              "Section 3", ". ", "。", "；"]
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


def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every block, as the checks looked before they used ``blocks_for``."""
    monkeypatch.setattr(Context, "blocks_for", lambda self, *rx, parts=TEXT_PARTS: list(self.blocks(parts)))


def _findings(ctx: Context) -> list[Any]:
    return [check(ctx) for check in PREFILTERED]


def test_prefiltered_checks_find_what_plain_ones_find_on_generated_text(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(12)
    pieces = ["发生安全事件的，乙方应在", "24小时", "2小时", "内通知甲方", "并书面报告", "。", "；", "\n",
              "整改", "应在",
              "5个工作日", "10日", "内完成", "The Vendor shall notify the Client of any security breach within ",
              "48 hours", "72 hours", ". ", "rectify within ", "10 business days", "乙方可保存", "相关记录", "两年",
              "3年", "删除全部副本", "除外", "retain records for 2 years", "delete all copies of the data",
              "按第8.4条", "第八条", "Clause 8.4", "Section 12", "附件一", "Schedule 2", "Exhibit A",
              "本合同为格式合同", "standard form contract", "乙方不承担", "in no event", "特别提示", "important notice"]
    contexts = []
    for _ in range(40):
        texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 8))) for _ in range(rng.randint(1, 30))]
        contexts.append(texts)
    fast = [_findings(_context(texts)) for texts in contexts]
    _plain(monkeypatch)
    assert fast == [_findings(_context(texts)) for texts in contexts]
    assert any(f for found in fast for f in found)  # some checks found something to compare


@needs_shared_eval
def test_prefiltered_checks_find_what_plain_ones_find_on_eval_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    from review.reader import read_document
    from review.segment import segment

    contexts = []
    for p in eval_dev_documents()[::3]:
        result = read_document(p)
        contexts.append(Context(result, segment(result), {}, DocumentKind.service_contract, None, set(),
                                default_library()))
    fast = [_findings(ctx) for ctx in contexts]
    _plain(monkeypatch)
    assert fast == [_findings(Context(c.result, c.segments, {}, c.kind, None, set(), c.library)) for c in contexts]
    assert sum(len(f) for found in fast for f in found) > 5


def _plain_first_cue(blocks: list[Block]) -> int | None:
    """check_base._first_cue as it was: every block searched."""
    from review.check_base import _SIGN_CUE

    for b in blocks:
        m = _SIGN_CUE.search(b.text)
        if m is not None and (b.part is Part.table or len(b.text) <= 80 or "witness whereof" in m.group(0).lower()):
            return b.index
    return None


def test_signature_cue_found_as_when_every_block_was_searched(monkeypatch: pytest.MonkeyPatch) -> None:
    from review import check_base

    rng = random.Random(3)
    pieces = ["IN WITNESS WHEREOF, the parties ", "In Witness Whereof", "By:", "by: ", "Signature: ", "甲方（盖章）",
              "签字：", "Name: ", "Title: ", "the Company shall be bound by this Agreement ", "x" * 40, "\n",
              "WİTNESS WHEREOF", "signed by", "(Seal)", "承诺人（签字）"]
    lists = [[Block(text="".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))), index=i, location="",
                    part=Part.table if rng.random() < 0.2 else Part.body) for i in range(rng.randint(1, 12))]
             for _ in range(2000)]
    from review.reader import read_document

    lists += [read_document(p).blocks for p in eval_dev_documents()[::3]]  # none without ../shared/eval
    fast = [check_base._first_cue(blocks) for blocks in lists]
    assert fast == [_plain_first_cue(blocks) for blocks in lists]
    assert sum(f is not None for f in fast) > 100
    monkeypatch.setattr(check_base, "_first_cue", _plain_first_cue)
    starts = [check_base.signature_start(blocks) for blocks in lists]
    monkeypatch.undo()
    assert [check_base.signature_start(blocks) for blocks in lists] == starts

