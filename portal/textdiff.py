"""What changed between two versions of a document: paragraphs added, removed and changed (the words changed
inside a changed paragraph marked), and the findings new in one and gone from the other.

The cost is bounded whatever the documents hold. The paragraphs found once in each version and in the same order
(the longest such run: "patience" anchors, found in n log n) cut the versions into gaps; each gap's common
beginning and end are skipped in linear time, and only what differs goes to ``difflib.SequenceMatcher``. That is
cubic in the worst case, and cubic on repeated paragraphs such as empty table rows: each paragraph is made unique
by its occurrence count first, which leaves it about quadratic, and the gaps compared may cost at most
``max_work`` (the sum of their lengths multiplied); a gap past it is said not to be compared. Inside a changed
paragraph the same is done with words (a run of Latin letters and digits, or one other character), aligned one by
one only in a short middle; a longer one is marked whole from its first difference to its last.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

__all__ = ["MAX_WORK", "Change", "Piece", "TextDiff", "diff_texts", "finding_changes"]

MAX_WORK = 1_000_000  # paragraphs compared one by one in a diff: the sum over its gaps of their lengths multiplied
_MAX_WORDS = 300  # of a changed paragraph's differing middle, aligned word by word; more are marked whole
_MAX_ALIGNED = 200  # changed paragraphs aligned word by word; the rest are marked from first to last difference
_MAX_PAIRED = 20  # a run of paragraphs replaced by another is paired up when neither is longer than this
_MAX_LIKENESS = 2000  # paragraph pairs weighed for likeness in one diff (each on at most _LIKENESS_CHARS)
_LIKENESS_CHARS = 300
_ALIKE = 0.5  # a changed paragraph keeps at least this share of its characters
_WORD = re.compile(r"[A-Za-z0-9]+(?:[.,:/-][A-Za-z0-9]+)*|\s+|.", re.S)

Piece = tuple[str, bool]  # a stretch of a paragraph's text, and whether it changed


@dataclass(frozen=True)
class Change:
    """A paragraph ``added``, ``removed`` or ``changed``: its number in the old version (``old_number``, ``None``
    when added) and the new (``new_number``, ``None`` when removed), and its text in each as pieces (empty on
    the side it is not in)."""

    kind: str
    old_number: int | None
    new_number: int | None
    old: tuple[Piece, ...] = ()
    new: tuple[Piece, ...] = ()


@dataclass
class TextDiff:
    """The changes, in the order of the text. ``compared`` is how many paragraphs (both versions) were compared
    one by one and ``work`` what that cost (at most ``max_work``); ``skipped`` the stretches not compared, as
    (first, last) paragraph numbers in the old version and in the new (their changes are not listed)."""

    changes: list[Change] = field(default_factory=list)
    compared: int = 0
    work: int = 0
    skipped: list[tuple[int, int, int, int]] = field(default_factory=list)

    @property
    def capped(self) -> bool:
        """Whether some stretch was not compared."""
        return bool(self.skipped)

    @property
    def not_compared(self) -> tuple[int, int]:
        """How many paragraphs of the old version and of the new were not compared."""
        return (sum(last - first + 1 for first, last, _, _ in self.skipped),
                sum(last - first + 1 for _, _, first, last in self.skipped))


@dataclass
class _Budget:
    """The work left for one diff."""

    work: int
    aligned: int = _MAX_ALIGNED
    weighed: int = _MAX_LIKENESS


def diff_texts(old: Sequence[str], new: Sequence[str], *, max_work: int = MAX_WORK) -> TextDiff:
    """The paragraphs of ``new`` against those of ``old`` (their texts, in order)."""
    diff, budget = TextDiff(), _Budget(max_work)
    i, j = 0, 0
    for anchor_i, anchor_j in [*_anchors(old, new), (len(old), len(new))]:
        _gap(diff, budget, old, new, (i, anchor_i, j, anchor_j))
        i, j = anchor_i + 1, anchor_j + 1
    return diff


def _anchors(old: Sequence[str], new: Sequence[str]) -> list[tuple[int, int]]:
    """The positions of paragraphs found once in each version, the longest run of them in the same order."""
    in_old, in_new = Counter(old), Counter(new)
    where_new = {text: j for j, text in enumerate(new) if in_new[text] == 1}
    pairs = [(i, where_new[text]) for i, text in enumerate(old) if in_old[text] == 1 and text in where_new]
    tops: list[int] = []  # patience sorting: the smallest last j of an increasing run of each length
    top_at: list[int] = []  # the pair index ending it
    before: list[int] = []  # each pair's predecessor in its run
    for k, (_, j) in enumerate(pairs):
        n = bisect_left(tops, j)
        before.append(top_at[n - 1] if n else -1)
        if n == len(tops):
            tops.append(j)
            top_at.append(k)
        else:
            tops[n], top_at[n] = j, k
    run, k = [], top_at[-1] if top_at else -1
    while k >= 0:
        run.append(pairs[k])
        k = before[k]
    return run[::-1]


def _gap(diff: TextDiff, budget: _Budget, old: Sequence[str], new: Sequence[str],
         span: tuple[int, int, int, int]) -> None:
    """Compare old[i1:i2] with new[j1:j2], between two anchors, within the budget."""
    i1, i2, j1, j2 = span
    head = _common_head(old[i1:i2], new[j1:j2])
    i1, j1 = i1 + head, j1 + head
    tail = _common_head(old[i1:i2][::-1], new[j1:j2][::-1])
    i2, j2 = i2 - tail, j2 - tail
    work = (i2 - i1) * (j2 - j1)
    if work > budget.work:
        diff.skipped.append((i1 + 1, i2, j1 + 1, j2))
        return
    budget.work -= work
    diff.work += work
    diff.compared += (i2 - i1) + (j2 - j1)
    a, b = old[i1:i2], new[j1:j2]
    for tag, a1, a2, b1, b2 in SequenceMatcher(None, _unique(a), _unique(b), autojunk=False).get_opcodes():
        if tag == "delete":
            diff.changes.extend(_removed(a, k, i1) for k in range(a1, a2))
        elif tag == "insert":
            diff.changes.extend(_added(b, k, j1) for k in range(b1, b2))
        elif tag == "replace":
            diff.changes.extend(_replaced(budget, a, b, (a1, a2, b1, b2), (i1, j1)))


def _common_head(a: Sequence[Any], b: Sequence[Any]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _unique(items: Sequence[Hashable]) -> list[tuple[Hashable, int]]:
    """Each item with its occurrence count (the 2nd "x" is ("x", 2)): SequenceMatcher then has no popular
    element to try at every position."""
    seen: Counter[Hashable] = Counter()
    out = []
    for item in items:
        seen[item] += 1
        out.append((item, seen[item]))
    return out


def _removed(a: Sequence[str], i: int, offset: int) -> Change:
    return Change("removed", offset + i + 1, None, old=((a[i], True),))


def _added(b: Sequence[str], j: int, offset: int) -> Change:
    return Change("added", None, offset + j + 1, new=((b[j], True),))


def _replaced(budget: _Budget, a: Sequence[str], b: Sequence[str], span: tuple[int, int, int, int],
              offsets: tuple[int, int]) -> list[Change]:
    """Paragraphs a[i1:i2] replaced by b[j1:j2]: each old one paired, in order, with the next new one like it (a
    changed paragraph); the others removed or added. A long run on either side is not paired."""
    i1, i2, j1, j2 = span
    off_a, off_b = offsets
    pairable = i2 - i1 <= _MAX_PAIRED and j2 - j1 <= _MAX_PAIRED
    out: list[Change] = []
    j = j1
    for i in range(i1, i2):
        k = next((k for k in range(j, j2) if _alike(budget, a[i], b[k])), None) if pairable else None
        if k is None:
            out.append(_removed(a, i, off_a))
            continue
        out.extend(_added(b, m, off_b) for m in range(j, k))
        old, new = _pieces(budget, a[i], b[k])
        out.append(Change("changed", off_a + i + 1, off_b + k + 1, old, new))
        j = k + 1
    out.extend(_added(b, m, off_b) for m in range(j, j2))
    return out


def _alike(budget: _Budget, x: str, y: str) -> bool:
    if budget.weighed <= 0:
        return False
    budget.weighed -= 1
    return SequenceMatcher(None, x[:_LIKENESS_CHARS], y[:_LIKENESS_CHARS], autojunk=False).quick_ratio() >= _ALIKE


def _pieces(budget: _Budget, x: str, y: str) -> tuple[tuple[Piece, ...], tuple[Piece, ...]]:
    """The two texts as pieces, the words that differ marked."""
    a, b = _WORD.findall(x), _WORD.findall(y)
    head = _common_head(a, b)
    tail = _common_head(a[head:][::-1], b[head:][::-1])
    mid_a, mid_b = a[head:len(a) - tail], b[head:len(b) - tail]
    marks_a, marks_b = [True] * len(mid_a), [True] * len(mid_b)
    if len(mid_a) <= _MAX_WORDS and len(mid_b) <= _MAX_WORDS and budget.aligned > 0:
        budget.aligned -= 1
        for block in SequenceMatcher(None, _unique(mid_a), _unique(mid_b), autojunk=False).get_matching_blocks():
            marks_a[block.a:block.a + block.size] = [False] * block.size
            marks_b[block.b:block.b + block.size] = [False] * block.size
    return _joined(a, head, marks_a, tail), _joined(b, head, marks_b, tail)


def _joined(words: list[str], head: int, marks: list[bool], tail: int) -> tuple[Piece, ...]:
    flags = [False] * head + marks + [False] * tail
    pieces: list[list[Any]] = []
    for word, marked in zip(words, flags, strict=True):
        if pieces and pieces[-1][1] == marked:
            pieces[-1][0] += word
        else:
            pieces.append([word, marked])
    return tuple((text, marked) for text, marked in pieces)


def finding_changes(old: Sequence[dict[str, Any]], new: Sequence[dict[str, Any]]
                    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(the findings of ``new`` not in ``old``, those of ``old`` not in ``new``), a finding being its check,
    category and message; as many times as it is found (two blanks more are two new findings)."""
    return _more(new, old), _more(old, new)


def _more(these: Sequence[dict[str, Any]], than: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    left = Counter(_key(f) for f in than)
    out = []
    for f in these:
        key = _key(f)
        if left[key]:
            left[key] -= 1
        else:
            out.append(f)
    return out


def _key(finding: dict[str, Any]) -> tuple[Any, ...]:
    return finding.get("check"), finding.get("category"), finding.get("message_zh"), finding.get("message_en")
