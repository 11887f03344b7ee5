"""The NDA pack form as the tests fill it in (the facts of tests/data/nda_pack_standalone.yaml), rosters made in
code with the example roster's columns, and a pack asked for through the form with its job run at once."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx2
import pytest
from openpyxl import Workbook, load_workbook
from starlette.testclient import TestClient

from generator.demo import EXAMPLES_DIR
from portal import packs
from portal.jobs import queue
from tests.generator.rosters import person_id

FORM = {
    "contract_no": "NDA-2026-0042", "language": "zh", "outsourcing": "bpo", "mutual": "no",
    "personal_information_entrusted": "yes", "system_access": "yes", "onsite_staff": "yes",
    "project_name": "客户服务热线外包",
    "purpose": "甲方委托乙方提供客户服务热线外包服务，乙方驻场人员在服务过程中将接触甲方客户信息及业务资料",
    "effective_date": "2026-04-20", "confidentiality_years": "5", "sign_place": "北京市",
    "client_name": "北京示例科技股份有限公司", "client_uscc": "91110000600037341L",
    "client_address": "北京市朝阳区建国路88号", "client_representative": "张明",
    "vendor_name": "深圳声联客服外包有限公司", "vendor_uscc": "91440300MA5FBP001M",
    "vendor_address": "深圳市南山区科技园南路8号", "vendor_representative": "陈刚",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def example_header() -> list[str]:
    """The columns of the shipped example roster (序号, 姓名, 身份证号码, 岗位, 入场日期, 手机, 邮箱)."""
    wb = load_workbook(EXAMPLES_DIR / "roster.xlsx", read_only=True)
    try:
        return [str(c) for c in next(wb.active.iter_rows(values_only=True))]  # type: ignore[union-attr]
    finally:
        wb.close()


def roster_rows(n: int) -> list[list[Any]]:
    """``n`` people, each with a valid and distinct ID number, in the example roster's columns."""
    return [[i + 1, f"员工{i + 1:03d}", person_id(i), "客服专员", "2026-05-06", f"1380013{i:04d}",
             f"staff{i:03d}@voicelink.example.cn"] for i in range(n)]


def roster_xlsx(rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(example_header())  # type: ignore[union-attr]
    for row in rows:
        ws.append(row)  # type: ignore[union-attr]
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def roster_csv(rows: list[list[Any]]) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(example_header())
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def form_token(client: TestClient, path: str = "/packs/new") -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert m, f"no form token on {path}"
    return m.group(1)


def post_pack(client: TestClient, roster: tuple[str, bytes], **changes: str) -> httpx2.Response:
    """Send the form (``FORM`` with ``changes``; a change to "" leaves the field out) and the roster
    (name, bytes)."""
    fields = {k: v for k, v in {**FORM, **changes}.items() if v != ""}
    return client.post("/packs/new", data={"csrf": form_token(client), **fields},
                       files={"roster": (roster[0], roster[1], "application/octet-stream")})


@contextmanager
def jobs_run_at_once() -> Iterator[None]:
    """Jobs run as they are submitted, and packs are made without PDF (LibreOffice is slow; the tests of PDFs are
    the generator's)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(packs, "_soffice", lambda: None)
        queue().immediate = True
        try:
            yield
        finally:
            queue().immediate = False
