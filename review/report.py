"""Review reports for people and programs: Markdown, a self-contained HTML page, JSON, the terminal."""

from __future__ import annotations

import html
import io
import json
from collections.abc import Iterable, Sequence
from enum import IntEnum, StrEnum

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from clause_library.models import Lang, Role, Severity
from clause_library.vocabulary import role_label, severity_label

from .findings import Finding, ReadFailure, Report

__all__ = [
    "ExitStatus",
    "ReportFormat",
    "exit_status",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "render_rich",
]



class ReportFormat(StrEnum):
    """How a review report is written: ``rich`` for the terminal (plain text in a file), Markdown, JSON or HTML."""

    rich = "rich"
    md = "md"
    json = "json"
    html = "html"

    @property
    def suffix(self) -> str:
        """The report file's suffix: contract.docx.review<suffix>."""
        return ".txt" if self is ReportFormat.rich else f".{self.value}"

_SEV_STYLE = {Severity.blocker: "bold red", Severity.warning: "yellow", Severity.info: "cyan"}

Result = Report | ReadFailure


class ExitStatus(IntEnum):
    """What ``contracts review`` exits with."""

    ok = 0  # no blockers
    blockers = 1  # at least one blocker
    unreadable = 2  # at least one file could not be read (or had no text)


def exit_status(results: Iterable[Result]) -> ExitStatus:
    """2 when any input could not be read (or gave no text), else 1 when any report has a blocker, else 0."""
    status = ExitStatus.ok
    for r in results:
        if isinstance(r, ReadFailure) or not r.readable:
            return ExitStatus.unreadable
        if r.blockers:
            status = ExitStatus.blockers
    return status


def _counts(report: Report, role: Role) -> dict[Severity, int]:
    return {s: sum(1 for f in report.findings if f.owner is role and f.severity is s) for s in Severity}


def _verdict(report: Report) -> tuple[str, str]:
    if not report.readable:
        return "无法读取文字", "no text could be read"
    n = len(report.blockers)
    return (f"{n} 个阻断问题", f"{n} blocker(s)") if n else ("无阻断问题", "no blockers")


# ---- Markdown ------------------------------------------------------------------------------------

def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def render_markdown(result: Result) -> str:
    """A Markdown report: the verdict, a summary per role, then each finding with location and evidence."""
    if isinstance(result, ReadFailure):
        return f"# 审阅报告 / Review report: `{result.path}`\n\n**无法读取 / could not be read:** {result.reason}\n"
    r = result
    zh, en = _verdict(r)
    lines = [
        f"# 审阅报告 / Review report: `{r.path}`",
        "",
        f"- 结论 / verdict: **{zh} / {en}**",
        f"- 类型 / kind: {r.kind}" + (f" ({r.outsourcing})" if r.outsourcing else ""),
        f"- 格式 / format: {r.format}; SHA-256: `{r.sha256}`",
    ]
    if r.conditions:
        lines.append(f"- 条件 / conditions: {', '.join(r.conditions)}")
    lines += ["", "## 按角色汇总 / Summary by role", "",
              "| 角色 / role | 阻断 / blocker | 警告 / warning | 提示 / info |", "| --- | ---: | ---: | ---: |"]
    for role in Role:
        c = _counts(r, role)
        lines.append(f"| {role_label(role, Lang.zh)} / {role.value} | {c[Severity.blocker]} | {c[Severity.warning]} | "
                     f"{c[Severity.info]} |")
    lines += ["", f"## 发现 / Findings ({len(r.findings)})", ""]
    if not r.findings:
        lines.append("无 / none.")
    for i, f in enumerate(r.findings, 1):
        lines.append(f"### {i}. [{f.severity.value}] {f.owner.value}: {f.message_en}")
        lines.append("")
        lines.append(f"{severity_label(f.severity, Lang.zh)} · {role_label(f.owner, Lang.zh)}：{f.message_zh}")
        lines.append("")
        meta = [f"check `{f.check}`"]
        if f.category:
            meta.append(f"category `{f.category}`")
        if f.location:
            meta.append(f"location: {f.location}")
        lines.append("- " + "; ".join(meta))
        if f.evidence:
            fence = "```diff" if f.check == "library_clause_changed" else "```"
            lines += ["", fence, f.evidence.replace("```", "ʼʼʼ"), "```"]
        lines.append("")
    if r.categories_found:
        lines += ["## 识别到的条款 / Categories found", "", "| category | location |", "| --- | --- |"]
        lines += [f"| {c} | {_md_escape(loc)} |" for c, loc in sorted(r.categories_found.items())]
        lines.append("")
    if r.notes:
        lines += ["## 读取说明 / Reading notes", ""] + [f"- {n}" for n in r.notes] + [""]
    return "\n".join(lines)


# ---- HTML ----------------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:60rem;
color:#1d1d1f;line-height:1.5;padding:0 1rem}
h1{font-size:1.4rem;word-break:break-all}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}
td.n{text-align:right}.verdict{font-size:1.1rem;padding:.6rem 1rem;border-radius:.4rem}
.ok{background:#e8f5e9}.bad{background:#fdecea}.unreadable{background:#fff4e5}
.finding{border-left:.35rem solid #999;padding:.4rem .9rem;margin:1rem 0;background:#fafafa}
.blocker{border-color:#c62828}.warning{border-color:#ef8f00}.info{border-color:#1e88e5}
.sev{font-weight:bold;text-transform:uppercase;font-size:.8rem}.meta{color:#555;font-size:.85rem}
pre{white-space:pre-wrap;word-break:break-word;background:#fff;border:1px solid #e0e0e0;padding:.5rem;
font-size:.85rem}.zh{margin:.2rem 0}.en{margin:.2rem 0;color:#333}
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def render_html(result: Result) -> str:
    """A self-contained HTML page (inline CSS, no scripts or external assets, all text escaped)."""
    if isinstance(result, ReadFailure):
        body = (f"<h1>审阅报告 / Review report: {_e(result.path)}</h1>"
                f"<p class='verdict unreadable'>无法读取 / could not be read: {_e(result.reason)}</p>")
        return _page(result.path, body)
    r = result
    zh, en = _verdict(r)
    cls = "unreadable" if not r.readable else ("bad" if r.blockers else "ok")
    parts = [
        f"<h1>审阅报告 / Review report: {_e(r.path)}</h1>",
        f"<p class='verdict {cls}'>{_e(zh)} / {_e(en)}</p>",
        "<table>",
        f"<tr><th>类型 / kind</th><td>{_e(r.kind)}{_e(f' ({r.outsourcing})' if r.outsourcing else '')}</td></tr>",
        f"<tr><th>格式 / format</th><td>{_e(r.format)}</td></tr>",
        f"<tr><th>SHA-256</th><td><code>{_e(r.sha256)}</code></td></tr>",
    ]
    if r.conditions:
        parts.append(f"<tr><th>条件 / conditions</th><td>{_e(', '.join(r.conditions))}</td></tr>")
    parts += ["</table>", "<h2>按角色汇总 / Summary by role</h2>", "<table><tr><th>角色 / role</th>"]
    parts += [f"<th>{_e(severity_label(s, Lang.zh))} / {s.value}</th>" for s in Severity]
    parts.append("</tr>")
    for role in Role:
        c = _counts(r, role)
        parts.append(f"<tr><td>{_e(role_label(role, Lang.zh))} / {role.value}</td>"
                     + "".join(f"<td class='n'>{c[s]}</td>" for s in Severity) + "</tr>")
    parts += ["</table>", f"<h2>发现 / Findings ({len(r.findings)})</h2>"]
    if not r.findings:
        parts.append("<p>无 / none.</p>")
    parts += [_html_finding(f) for f in r.findings]
    if r.categories_found:
        parts += ["<h2>识别到的条款 / Categories found</h2>", "<table><tr><th>category</th><th>location</th></tr>"]
        parts += [f"<tr><td>{_e(c)}</td><td>{_e(loc)}</td></tr>" for c, loc in sorted(r.categories_found.items())]
        parts.append("</table>")
    if r.notes:
        parts += ["<h2>读取说明 / Reading notes</h2>", "<ul>"] + [f"<li>{_e(n)}</li>" for n in r.notes] + ["</ul>"]
    return _page(r.path, "\n".join(parts))


def _html_finding(f: Finding) -> str:
    meta = [f"check <code>{_e(f.check)}</code>"]
    if f.category:
        meta.append(f"category <code>{_e(f.category)}</code>")
    if f.location:
        meta.append(f"location: {_e(f.location)}")
    evidence = f"<pre>{_e(f.evidence)}</pre>" if f.evidence else ""
    return (f"<div class='finding {f.severity.value}'>"
            f"<div class='sev'>{_e(severity_label(f.severity, Lang.zh))} / {f.severity.value} · "
            f"{_e(role_label(f.owner, Lang.zh))} / "
            f"{f.owner.value}</div><p class='zh' lang='zh-CN'>{_e(f.message_zh)}</p>"
            f"<p class='en' lang='en'>{_e(f.message_en)}</p><div class='meta'>{' · '.join(meta)}</div>"
            f"{evidence}</div>")


def _page(title: str, body: str) -> str:
    return ("<!DOCTYPE html>\n<html lang='zh-CN'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>审阅报告 / Review: {_e(title)}</title><style>{_CSS}</style></head>"
            f"<body>\n{body}\n</body></html>\n")


# ---- JSON ------------------------------------------------------------------------------------------

def render_json(result: Result | Sequence[Result]) -> str:
    """The versioned JSON (``"schema": "contracts.review/<version>"``); a list for several results."""
    data = [r.to_dict() for r in result] if isinstance(result, Sequence) else result.to_dict()
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# ---- terminal ----------------------------------------------------------------------------------

def render_rich(result: Result) -> RenderableType:
    """A Rich renderable: the verdict, a summary per role and each finding."""
    if isinstance(result, ReadFailure):
        return Panel(Text(result.reason), title=Text(f"{result.path}: could not be read"), border_style="red")
    r = result
    zh, en = _verdict(r)
    style = "yellow" if not r.readable else ("red" if r.blockers else "green")
    summary = Table(show_edge=False, box=None, pad_edge=False)
    summary.add_column("role")
    for s in Severity:
        summary.add_column(s.value, justify="right", style=_SEV_STYLE[s])
    for role in Role:
        c = _counts(r, role)
        summary.add_row(f"{role_label(role, Lang.zh)} {role.value}", *(str(c[s]) for s in Severity))
    items: list[RenderableType] = [
        Text(f"{r.kind}" + (f" / {r.outsourcing}" if r.outsourcing else "") + f" · {r.format} · {r.seconds:.2f}s",
             style="dim"),
        summary,
    ]
    for f in r.findings:
        head = Text()
        head.append(f"[{f.severity.value}] ", style=_SEV_STYLE[f.severity])
        head.append(f"{f.owner.value}: ", style="bold")
        head.append(f"{f.message_zh}\n{f.message_en}")
        if f.location:
            head.append(f"\n@ {f.location}", style="dim")
        items.append(head)
        if f.evidence:
            items.append(Text("  " + f.evidence.replace("\n", "\n  "), style="dim"))
    return Panel(Group(*items), title=Text(f"{r.path}: {zh} / {en}"), border_style=style)


def render(result: Result, fmt: ReportFormat | str) -> str:
    """``result`` as text in ``fmt`` (md, json, html; rich gives plain text without colour).
    ValueError for a name that is not a ReportFormat."""
    fmt = ReportFormat(fmt)
    if fmt is ReportFormat.md:
        return render_markdown(result)
    if fmt is ReportFormat.json:
        return render_json(result)
    if fmt is ReportFormat.html:
        return render_html(result)
    console = Console(record=True, width=100, color_system=None, file=io.StringIO())
    console.print(render_rich(result))
    return console.export_text()
