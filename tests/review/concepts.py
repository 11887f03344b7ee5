"""What the reviewer finds in one clause: the helper of the tests that state a concept in words of their own."""

from __future__ import annotations

from clause_library.models import Category
from review.classify import classify
from review.document import Segment


def found(categories: dict[str, Category], text: str, heading: str = "", *, patterns_only: bool = False) -> set[str]:
    """The categories found in one clause with ``heading`` and ``text``; ``patterns_only``: without the
    learned model (which reads English sentences)."""
    seg = Segment(heading=heading, number=None, text=text, location="p. 1")
    return set(classify([seg], categories, model=None) if patterns_only else classify([seg], categories))
