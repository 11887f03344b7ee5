"""The drafting questionnaire as a browser sends it: the fields of a page's form (inputs, the radios and boxes
ticked, the options selected), sent back with changes, and the part of the page around one question."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlencode

import httpx2
from starlette.testclient import TestClient

__all__ = ["error_messages", "form_items", "post_items", "question_block"]


class _Form(HTMLParser):
    """The fields a browser would send for the questionnaire form (class draft-form)."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[tuple[str, str]] = []
        self.inside = False
        self.select: str | None = None
        self.first: str | None = None
        self.chosen = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = "draft-form" in a.get("class", "")
        if not self.inside:
            return
        if tag == "input" and a.get("type") in ("radio", "checkbox"):
            if "checked" in a:
                self.items.append((a["name"], a.get("value", "")))
        elif tag == "input":
            self.items.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self.select, self.first, self.chosen = a["name"], None, False
        elif tag == "option" and self.select is not None:
            self.first = a.get("value", "") if self.first is None else self.first
            if "selected" in a:
                self.items.append((self.select, a.get("value", "")))
                self.chosen = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self.select is not None:
            if not self.chosen:
                self.items.append((self.select, self.first or ""))
            self.select = None
        elif tag == "form":
            self.inside = False


def form_items(html: str) -> list[tuple[str, str]]:
    """The questionnaire's fields as the browser sends them, in order."""
    parser = _Form()
    parser.feed(html)
    return parser.items


def post_items(client: TestClient, path: str, items: list[tuple[str, str]], **changes: str) -> httpx2.Response:
    """Send ``items`` with each field named in ``changes`` (``__`` for ``.``) set to its value instead."""
    named = {k.replace("__", "."): v for k, v in changes.items()}
    sent = [(k, named.pop(k) if k in named else v) for k, v in items]
    sent += list(named.items())
    return client.post(path, content=urlencode(sent).encode(),
                       headers={"content-type": "application/x-www-form-urlencoded"})


def question_block(html: str, name: str) -> str:
    """The question that holds the field ``name``: its ``<div class="question…">``, or for one part of a text in
    two languages its ``<fieldset class="local…">``; the messages beside it included."""
    at = html.index(f'name="{name}"')
    div, local = html.rfind('<div class="question', 0, at), html.rfind('<fieldset class="local', 0, at)
    if local > div:
        return html[local:html.index("</fieldset>", at)]
    return html[div:html.index("</div>", at)]


def error_messages(html: str) -> list[str]:
    return re.findall(r'class="field-problem"[^>]*>([^<]*)<', html)
