"""The portal attacked by its own accounts: ids no row can have, a questionnaire's hidden row counts forged, and a
draft asked for of bytes no questionnaire made (a request naming a path on the server). Each attack here once
worked (a 500, a request thread spinning for ever, the server opening a path the form named); the rest of what
was tried and held is covered by test_web, test_documents, test_drafts, test_packs and test_signoff."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from generator.request import reading
from portal.filestore import path_of
from portal.jobs import jobs_of
from tests.conftest import EXAMPLES, draft_main_contract
from tests.portal.packs_helpers import form_token
from tests.portal.session_helpers import client_of, one_legal_account, session_cookies

PASSWORD = "correct horse battery"
_TOO_LARGE = str(1 << 64)  # more than a signed 64-bit id: SQLite cannot even compare it


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return one_legal_account(tmp_path_factory.mktemp("attacks"), PASSWORD)


@pytest.fixture(scope="module")
def session(url: str) -> dict[str, str]:
    """legal.user's session cookie (legal opens every page these attacks need: documents, jobs, drafts)."""
    return session_cookies(url, "legal.user", PASSWORD)


@pytest.fixture
def client(url: str, session: dict[str, str]) -> TestClient:
    return client_of(url, session)


@pytest.mark.parametrize("path", ["/documents/{}", "/documents/{}/diff", "/documents/{}/signoff", "/reviews/{}",
                                  "/reviews/{}/text", "/jobs/{}", "/jobs/{}/progress", "/jobs/{}/files/x.zip"])
def test_an_id_no_row_can_have_is_not_found(client: TestClient, path: str) -> None:
    response = client.get(path.format(_TOO_LARGE))
    assert response.status_code == 404 and "Traceback" not in response.text


def test_an_id_no_row_can_have_is_not_found_on_a_form_either(client: TestClient) -> None:
    token = form_token(client, "/")
    for path in ("/documents/{}/signoff/decide", "/documents/{}/signoff/pack"):
        assert client.post(path.format(_TOO_LARGE), data={"csrf": token}).status_code == 404, path


def _within(seconds: float, call: Any) -> Any:
    """``call()``'s result, failing the test if it takes longer than ``seconds`` (its thread is left behind)."""
    got: list[Any] = []
    worker = threading.Thread(target=lambda: got.append(call()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still running after {seconds} s"
    return got[0]


@pytest.mark.parametrize("rows", ["-5", "abc", "99999999999", " "])
def test_a_forged_row_count_is_read_as_the_form_shows_rows(client: TestClient, rows: str) -> None:
    """A clause value the assembly asks for gets a row of its own, after the rows the hidden count says there are:
    a count that is no number of rows (negative, not a number, past the most a list holds) is read as the form
    reads it, and the page comes back with the problems beside their questions."""
    form = {"csrf": form_token(client, "/"), "rows:values": rows, "values[0].key": "x\ny: 1", "values[0].value": "a"}
    response = _within(60, lambda: client.post("/drafts/new/nda", data=form))
    assert response.status_code == 400 and "U+000A" in response.text


def _stored(text: str) -> str:
    """Keep ``text`` in the file store, as an upload's bytes are kept (any signed-in account can put bytes there)."""
    data = text.encode("utf-8")
    sha = hashlib.sha256(data).hexdigest()
    path_of(sha).parent.mkdir(parents=True, exist_ok=True)
    path_of(sha).write_bytes(data)
    return sha


def test_a_draft_is_only_of_a_request_a_questionnaire_makes(client: TestClient, url: str, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The draft button sends the SHA-256 the preview kept; bytes kept otherwise (an upload for review, say) that
    read as an NDA naming its main contract by a path on the server are refused before the path is opened."""
    folder = draft_main_contract(tmp_path / "out")
    example = (EXAMPLES / "nda_pack_zh.yaml").read_text(encoding="utf-8")
    sha = _stored(example.replace("main_contract: BPO-2026-0007", f"main_contract: '{folder}'"))
    opened: list[Any] = []
    completing = reading._complete_family
    monkeypatch.setattr(reading, "_complete_family", lambda data, *a: (opened.append(data), completing(data, *a)))
    response = client.post("/drafts", data={"csrf": form_token(client, "/drafts"), "request": sha})
    assert response.status_code == 400 and not opened
    assert jobs_of(1, "draft", url=url) == []
