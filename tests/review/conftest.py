"""Fixtures of the reviewer's tests."""

from __future__ import annotations

import pytest

from clause_library.models import Category
from review.evaluate import load_categories


@pytest.fixture(scope="session")
def categories() -> dict[str, Category]:
    """The shipped library's categories (their patterns compiled once per worker)."""
    return load_categories()
