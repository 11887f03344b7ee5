"""Helpers of the classifier's tests: one clause as a segment, and what the patterns alone find in it."""

from __future__ import annotations

from clause_library.models import Category
from review.classify import classify
from review.document import Segment


def _seg(text: str, heading: str = "") -> Segment:
    return Segment(heading=heading, number=None, text=text, location="p. 1")


def _found(categories: dict[str, Category], text: str, heading: str = "") -> set[str]:
    return set(classify([_seg(text, heading)], categories, model=None))
