"""A main contract as the change agreements drafted for it leave it: price, schedules, term and texts."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from clause_library.files import file_sha256

from ..request import MainContract
from .facts import MANIFEST

__all__ = ["as_changed", "family_changes"]


def family_changes(out_dir: Path | None, main_no: str) -> list[dict[str, Any]]:
    """The change agreements drafted into ``out_dir`` for the main contract ``main_no``: each one's ``change``
    record (its number, effective date, and the price, payment schedule, term end and texts it sets), in the
    order they apply (effective date, then number)."""
    found = []
    for manifest in sorted(out_dir.glob(f"*/{MANIFEST}")) if out_dir is not None and out_dir.is_dir() else []:
        with contextlib.suppress(OSError, ValueError):
            data = json.loads(manifest.read_text(encoding="utf-8"))
            linked = data.get("main_contract") if isinstance(data, dict) else None
            change = data.get("change") if isinstance(data, dict) else None
            if (isinstance(linked, dict) and linked.get("contract_no") == main_no and isinstance(change, dict)
                    and isinstance(change.get("effective_date"), str)):
                found.append({**change, "manifest_sha256": file_sha256(manifest)})
    return sorted(found, key=lambda c: (c["effective_date"], str(c.get("contract_no"))))


def as_changed(main: MainContract, out_dir: Path | None, own_no: Any = None, own_date: Any = None) -> MainContract:
    """``main`` as the change agreements drafted for it in ``out_dir`` leave it: price, payment schedule, end of
    term and the texts they replace. For a change agreement being drafted (``own_no``, ``own_date``: its number
    and effective date), only the changes that come before it apply (and never itself)."""
    changes = family_changes(out_dir, main.contract_no)
    if own_no is not None:
        own_key = (str(own_date), str(own_no))
        changes = [c for c in changes if c.get("contract_no") != own_no and
                   (c["effective_date"], str(c.get("contract_no"))) < own_key]
    if not changes:
        return main
    data = main.model_dump(mode="json")
    for c in changes:
        if c.get("price") is not None and data.get("price") is not None:
            data["price"]["amount"] = c["price"]
        if c.get("payment_schedule") is not None:
            data["payment_schedule"] = c["payment_schedule"]
        if c.get("term_end") is not None:
            data["term"]["end"] = c["term_end"]
        for key in ("service_levels", "personal_information"):
            if c.get(key) is not None:
                data[key] = c[key]
        for ref, new in (c.get("texts") or {}).items():
            _replace_text(data["texts"], ref, new)
        data["amended_by"] = [*data.get("amended_by", []), str(c.get("contract_no"))]
    return MainContract.model_validate(data)


def _replace_text(texts: dict[str, dict[str, str]], ref: str, new: dict[str, str]) -> None:
    """Put ``new`` in place of the article or paragraph ``ref`` of ``texts`` (see ``article_texts``): a whole
    article's paragraphs go with it; a paragraph is replaced inside its article's text too."""
    old = texts.get(ref)
    if old is None:
        return
    marked = {lang: f"{ref} {text}" if "." in ref else text for lang, text in new.items()}
    if "." in ref:
        article = texts.get(ref.split(".")[0])
        if article is not None:
            for lang in article:
                if lang in old and lang in marked:
                    article[lang] = article[lang].replace(old[lang], marked[lang])
    else:
        for key in [k for k in texts if k.startswith(ref + ".")]:
            del texts[key]
    texts[ref] = {lang: marked.get(lang, text) for lang, text in old.items()}
