"""The sign-off pack's own pages as .docx (cover, completeness report, sign-off sheet, watermark)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

from clause_library.models import Lang, Role, Severity
from clause_library.vocabulary import role_label, severity_label
from generator.ooxml import apply_east_asian_fonts, set_fonts
from generator.render import EAST_ASIAN_FONT
from review.findings import Report

from .ledger import Decision, Entry, SignoffStatus, State, printable

__all__ = ["WATERMARK_FONTS", "WATERMARK_LINES", "cover_docx", "report_docx", "signoff_docx", "watermark_docx"]

WATERMARK_LINES = ("草稿 未审批", "DRAFT — NOT APPROVED")
_LATIN = "Liberation Sans"  # fonts-liberation2, installed and checked by scripts/setup.sh
# What the watermark is laid out for (44 pt bold, one line each on a 22 × 6 cm page); with a wider
# fallback font a line wraps, and the pack refuses it (signoff.pack._watermark_page).
WATERMARK_FONTS = (_LATIN, "Noto Sans/Serif CJK SC")
_STATE = {State.approved: "已批准 approved", State.rejected: "已驳回 rejected", State.pending: "待审批 pending"}


def _role(role: Role) -> str:
    return f"{role_label(role, Lang.zh)} {role_label(role, Lang.en)}"


def _severity(severity: Severity) -> str:
    return f"{severity_label(severity, Lang.zh)} {severity_label(severity, Lang.en)}"


def _utc(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _new(title: str, subtitle: str = "") -> DocxDocument:
    doc = Document()
    normal = doc.styles["Normal"]
    set_fonts(normal.element, latin=_LATIN, east_asia=EAST_ASIAN_FONT)
    normal.font.size = Pt(10)
    for name in ("Title", "Heading 1", "Heading 2"):
        set_fonts(doc.styles[name].element, latin=_LATIN, east_asia=EAST_ASIAN_FONT)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    doc.add_paragraph(printable(title), style="Title")
    if subtitle:
        doc.add_paragraph(printable(subtitle))
    return doc


def _table(doc: DocxDocument, header: Sequence[str] | None, rows: Sequence[Sequence[str]],
           widths: Sequence[float] | None = None, size: float = 9) -> None:
    all_rows = ([list(header)] if header else []) + [list(r) for r in rows]
    if not all_rows:
        return
    table = doc.add_table(rows=len(all_rows), cols=len(all_rows[0]))
    table.style = "Table Grid"
    if widths:
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)  # LibreOffice lays out by the grid columns
    for i, values in enumerate(all_rows):
        for j, value in enumerate(values):
            cell = table.cell(i, j)
            if widths:
                cell.width = Cm(widths[j])
            run = cell.paragraphs[0].add_run(printable(value))
            run.font.size = Pt(size)
            run.bold = bool(header) and i == 0
    doc.add_paragraph()


def _finish(doc: DocxDocument, path: Path) -> Path:
    apply_east_asian_fonts(doc, EAST_ASIAN_FONT)
    doc.save(str(path))
    return path


def _role_note(state: SignoffStatus, role: Role) -> str:
    rs = state.roles[role]
    notes = [f"超越阻断 override by {e.person}: {e.override_reason}" for e in rs.overrides]
    if rs.void:
        notes.append(f"{len(rs.void)} 项对旧版本的批准已失效 approval(s) of earlier bytes void")
    if rs.entry is not None and rs.entry.comment:
        notes.append(rs.entry.comment)
    return "; ".join(notes) or "—"


def cover_docx(path: Path, state: SignoffStatus, report: Report, made_at: dt.datetime) -> Path:
    """The cover sheet: contract number, parties, document hash, each role's state, the ledger's head
    (the ledger was verified before ``state`` was read; a broken one is refused, never drawn)."""
    ident, chain = state.identity, state.chain
    doc = _new("合同签核文件包 Contract sign-off pack", f"生成时间 Generated: {_utc(made_at)}")
    verdict = ("已由法务、财务、业务全部批准 APPROVED by legal, finance and business" if state.all_approved
               else "未审批：合同页带水印 NOT APPROVED: contract pages are watermarked")
    facts = [["合同编号 Contract No.", ident.contract_no or "（未找到 not found）"], ["文件 File", ident.file_name]]
    facts += [[f"{label} Party", name] for label, name in ident.parties] or [["当事人 Parties", "（未找到 not found）"]]
    facts += [
        ["文件 SHA-256", ident.sha256],
        ["审阅 Review", f"{len(report.blockers)} 阻断 blocker(s), "
                        f"{sum(f.severity is Severity.warning for f in report.findings)} 警告 warning(s)"],
        ["签核结论 Verdict", verdict],
        ["签核记录链 Ledger chain", f"校验通过 verified: {chain.rows} rows, head {chain.head[:16]}…"],
    ]
    _table(doc, None, facts, widths=(4.5, 12.5), size=9.5)
    doc.add_paragraph("各角色签核状态 Sign-off by role", style="Heading 1")
    rows = []
    for role in Role:
        rs = state.roles[role]
        e = rs.entry
        rows.append([_role(role), _STATE[rs.state], _by(e) if e else "—", _utc(e.at) if e else "—",
                     _role_note(state, role)])
    _table(doc, ["角色 Role", "状态 State", "签核人 By", "时间 Time", "备注 Notes"], rows,
           widths=(2.6, 2.8, 2.4, 3.6, 5.6))
    doc.add_paragraph("本文件包内容 Contents: 1 封面 Cover · 2 合同 Contract · 3 完整性审阅报告 Completeness report · "
                      "4 签核记录 Sign-off record")
    return _finish(doc, path)


def report_docx(path: Path, report: Report) -> Path:
    """The completeness report: per-role counts, every finding, the categories found."""
    doc = _new("完整性审阅报告 Completeness report",
               f"{Path(report.path).name} · {report.kind}{' / ' + report.outsourcing if report.outsourcing else ''}")
    if not report.readable:
        doc.add_paragraph("未能读取文本，未作缺失判断。No text could be read; nothing was judged missing.")
    counts = [[_role(r)] + [str(sum(1 for f in report.findings if f.owner is r and f.severity is s)) for s in Severity]
              for r in Role]
    _table(doc, ["角色 Role"] + [_severity(s) for s in Severity], counts, widths=(4, 4, 4, 4))
    doc.add_paragraph("发现 Findings", style="Heading 1")
    order = {s: i for i, s in enumerate(Severity)}
    findings = sorted(report.findings, key=lambda f: (order[f.severity], f.owner.value))
    _table(doc, ["级别 Severity", "负责 Owner", "问题 Finding", "位置 Where"],
           [[_severity(f.severity), _role(f.owner), f"{f.message_zh}\n{f.message_en}", f.location or "—"]
            for f in findings] or [["—", "—", "未发现问题 No findings", "—"]], widths=(2.6, 2.6, 9, 2.8))
    doc.add_paragraph("已识别条款 Clauses found", style="Heading 1")
    _table(doc, ["类别 Category", "位置 Where"], sorted(report.categories_found.items()) or [("—", "—")],
           widths=(6, 11))
    return _finish(doc, path)


def _by(e: Entry) -> str:
    """Who signed, and who recorded it: a portal account (authenticated) or the command line (a typed name)."""
    if e.source == "portal":
        return f"{e.person}\n门户账户 portal account {e.account_username} (#{e.account_id})"
    return f"{e.person}\n命令行录入 command line" if e.source == "cli" else e.person


def signoff_docx(path: Path, state: SignoffStatus) -> Path:
    """The sign-off sheet: every ledger entry for these bytes, void ones, and the signature lines."""
    doc = _new("签核记录 Sign-off record", f"文件 SHA-256: {state.identity.sha256}")

    def row(e: Entry) -> list[str]:
        decision = "批准 approve" if e.decision is Decision.approve else "驳回 reject"
        if e.override:
            decision += f"\n超越阻断 OVERRIDE ({e.role_blockers} blocker(s)): {e.override_reason}"
        return [str(e.id), _utc(e.at), _role(e.role), _by(e), decision, e.comment or "—", e.row_hash[:12]]

    header = ["#", "时间 Time", "角色 Role", "签核人 By", "决定 Decision", "意见 Comment", "记录哈希 Hash"]
    widths = (0.8, 3.2, 2.2, 2.2, 4.2, 2.8, 1.6)
    _table(doc, header, [row(e) for e in state.entries] or [["—"] * 7], widths=widths, size=8)
    void = sorted((e for rs in state.roles.values() for e in rs.void), key=lambda e: e.id)
    if void:
        doc.add_paragraph("已失效的批准（针对旧版本）Void approvals (given to earlier bytes)", style="Heading 2")
        _table(doc, header, [row(e) for e in void], widths=widths, size=8)
    doc.add_paragraph("授权签署 Authorised signature", style="Heading 1")
    for line in ("法定代表人或授权代表 Legal or authorised representative: ________________________",
                 "日期 Date: ________________        盖章 Company seal:"):
        doc.add_paragraph(line).paragraph_format.space_before = Pt(18)
    return _finish(doc, path)


def watermark_docx(path: Path) -> Path:
    """A small landscape page holding only the watermark text, centred; the pack rotates it onto pages."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(22), Cm(6)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(0.5))
    for i, text in enumerate(WATERMARK_LINES):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_before = Pt(14 if i == 0 else 0)
        p.paragraph_format.space_after = Pt(0)
        run = p.add_run(text)
        run.font.size = Pt(44)
        run.bold = True
        run.font.color.rgb = RGBColor(0x99, 0x99, 0x99)
        set_fonts(run._r, latin=_LATIN, east_asia=EAST_ASIAN_FONT)
    return _finish(doc, path)
