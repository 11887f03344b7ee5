"""Write generator/data/examples/roster.xlsx: a BPO call centre's on-site staff, with valid (fictitious)
resident ID numbers.

Run from the repository root: ``python scripts/make_example_roster.py`` (or ``... FILE`` to write
elsewhere). The ID numbers have real region codes, real birth dates and correct GB 11643-1999 check
digits, but belong to nobody: the sequence digits were chosen for this example.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from clause_library.resources import shipped  # noqa: E402
from generator.pack_files import xlsx_bytes  # noqa: E402
from generator.roster import complete_resident_id  # noqa: E402

TARGET = shipped("generator", "data", "examples") / "roster.xlsx"  # generator.demo.EXAMPLES_DIR
FIXED = dt.datetime(2026, 1, 1)

# name, region code (深圳/广州/长沙/南宁/赣州…), birth date, sequence (3 digits), role, start date, phone.
# Start dates lie in the term of the BPO contract the pack is made for (from 2026-05-01): a pack refuses others.
PEOPLE = [
    ("林晓", "440305", "19960314", "023", "客服专员", "2026-05-06", "13800138001"),
    ("陈思琪", "440106", "19980722", "041", "客服专员", "2026-05-06", "13800138002"),
    ("黄俊杰", "430104", "19930105", "015", "班组长", "2026-05-06", "13800138003"),
    ("刘梦婷", "450103", "19991130", "068", "客服专员", "2026-05-06", "13800138004"),
    ("张伟", "360702", "19900918", "037", "现场经理", "2026-05-01", "13800138005"),
    ("王雪", "440304", "19970402", "082", "质检专员", "2026-05-06", "13800138006"),
    ("李浩然", "441302", "19950611", "019", "培训师", "2026-05-01", "13800138007"),
    ("周佳怡", "440307", "20000225", "046", "客服专员", "2026-05-13", "13800138008"),
    ("吴振宇", "430602", "19941009", "057", "IT支持工程师", "2026-05-01", "13800138009"),
    ("郑丽娜", "450305", "19981217", "024", "投诉处理专员", "2026-05-13", "13800138010"),
    ("欧阳明轩", "440112", "19920728", "071", "数据分析员", "2026-05-13", "13800138011"),
    ("马晓雯", "640104", "20010509", "038", "客服专员", "2026-05-20", "13800138012"),
]


def build() -> bytes:
    wb = Workbook()
    wb.properties.created = wb.properties.modified = FIXED
    wb.properties.creator = wb.properties.lastModifiedBy = "contracts example"
    ws = wb.active
    ws.title = "驻场人员"
    ws.append(["序号", "姓名", "身份证号码", "岗位", "入场日期", "手机", "邮箱"])
    for i, (name, region, born, seq, role, start, phone) in enumerate(PEOPLE, start=1):
        pid = complete_resident_id(region + born + seq)
        ws.append([i, name, pid, role, dt.date.fromisoformat(start), phone, f"staff{i:02d}@voicelink.example.cn"])
        ws.cell(row=i + 1, column=3).number_format = "@"  # ID numbers are text, never numbers
        ws.cell(row=i + 1, column=5).number_format = "yyyy-mm-dd"
    for col, width in zip("ABCDEFG", (6, 10, 22, 16, 12, 14, 30), strict=True):
        ws.column_dimensions[col].width = width
    return xlsx_bytes(wb)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET
    target.write_bytes(build())
    print(f"wrote {target} ({len(PEOPLE)} people)")
