"""The generator's raw XML in one place: low-level Word and workbook XML touches, through one parser configuration.

Each touch works over python-docx objects or through ``parser``: no entities resolved, no network, no
huge trees.

``wordml``: fonts, fields, outline levels, styled paragraphs over python-docx objects; ``package``: the zip as
written; ``runs``: a parsed part's text nodes and runs (the pledges' fast path); ``sections``: pledges laid
together for one PDF conversion; ``rows``: a table row repeated per person (the staff list); ``spreadsheet``: a
roster workbook's DTDs and hidden rows; ``office_profile``: LibreOffice's font replacements.
"""

from __future__ import annotations

from .package import FIXED_TIME, ZIP_EPOCH, deterministic_zip
from .wordml import (
    CJK,
    add_field,
    add_no_break_hyphen,
    add_styled_paragraph,
    apply_east_asian_fonts,
    core_properties_namespace,
    delete_paragraph,
    hide_table_borders,
    iter_paragraphs,
    remove_paragraph_borders,
    set_fonts,
    set_outline_level,
)

__all__ = [
    "CJK",
    "FIXED_TIME",
    "ZIP_EPOCH",
    "add_field",
    "add_no_break_hyphen",
    "add_styled_paragraph",
    "apply_east_asian_fonts",
    "core_properties_namespace",
    "delete_paragraph",
    "deterministic_zip",
    "hide_table_borders",
    "iter_paragraphs",
    "remove_paragraph_borders",
    "set_fonts",
    "set_outline_level",
]
