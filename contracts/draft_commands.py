"""``contracts draft``, ``contracts nda-pack`` and ``contracts demo``: documents from requests."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from .app import app, console, err

__all__: list[str] = []


@app.command("draft")
def draft_cmd(
    request: Annotated[Path, typer.Argument(metavar="REQUEST", help="Request file (.yaml, .yml or .json).")],
    out: Annotated[Path, typer.Option("--out", metavar="DIR", help="Output folder.")] = Path("output"),
    pdf: Annotated[bool, typer.Option("--pdf", help="Also convert to PDF with LibreOffice.")] = False,
) -> None:
    """Draft one document from a request into OUT/<contract-no>/: a service contract, NDA or pledge, or one of
    a contract's later papers (security_agreement, integrity_agreement, power_of_attorney, change_agreement,
    termination_agreement).

    An NDA or pledge naming its main service contract (main_contract: its number, drafted into the same output
    folder first, or the path of its drafted folder or manifest.json) takes what it leaves out from that contract
    and is refused (exit 2) where it disagrees, naming the field and both values; the later papers always name
    it. A change agreement quotes and recomputes from it; a termination sums its settlement; both refuse figures
    or dates that no longer agree, naming the field.
    """
    from generator.draft import draft

    result = draft(request, out, pdf=pdf)
    _say_written(result.folder, result.files, result.replaced)
    _say_defaults(result.assembled.defaults)


def _say_defaults(defaults: list[tuple[str, str]]) -> None:
    """List on stderr every default the draft applied (also in manifest.json): give the field to decide it."""
    if not defaults:
        return
    err.print(f"{len(defaults)} default(s) applied (listed in manifest.json; set them in the request to decide "
              "otherwise):", markup=False, soft_wrap=True)
    for name, value in defaults:
        err.print(f"  {name}: {value}", markup=False, soft_wrap=True)


def _say_written(folder: Path, files: list[Path], replaced: bool) -> None:
    console.print(f"{'replaced existing' if replaced else 'wrote'} [bold]{escape(str(folder))}[/]:", soft_wrap=True)
    for f in files:
        console.print(f"  {f.name}  ({f.stat().st_size:,} bytes)")


@app.command("demo")
def demo_cmd(
    out: Annotated[Path, typer.Option("--out", metavar="DIR", help="Output folder.")] = Path("output"),
    pdf: Annotated[bool, typer.Option("--pdf", help="Also convert to PDF with LibreOffice.")] = False,
) -> None:
    """The main job on the shipped examples: draft every example document into OUT (the IT, BPO and HR
    contracts, then the documents made for them: an NDA pack for each contract's vendor staff), then review
    each one and write its report (.md, .html, .json) beside it."""
    from contracts.demo import run_demo_and_review

    run_demo_and_review(out, pdf=pdf, say=lambda s: console.print(s, markup=False, soft_wrap=True))


@app.command("nda-pack")
def nda_pack_cmd(
    request: Annotated[Path, typer.Argument(metavar="REQUEST", help="NDA request file (.yaml, .yml or .json), "
                                            "kind: nda.")],
    roster: Annotated[Path, typer.Option("--roster", metavar="FILE", help="The vendor's staff list (.xlsx or .csv). "
                                         "Of a workbook one worksheet is read: the active one (the sheet Excel "
                                         "opens on), or --sheet; hidden rows are read like the others, and named "
                                         "in a warning.")],
    out: Annotated[Path, typer.Option("--out", metavar="DIR", help="Output folder.")] = Path("output"),
    sheet: Annotated[str | None, typer.Option("--sheet", metavar="NAME", help="The worksheet of an .xlsx roster to "
                                              "read (default: the active one).")] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also a PDF of each document and one merged PDF (two "
                                      "LibreOffice processes for over 40 documents).")] = False,
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="Leave bad rows out (listed in "
                                                "invalid-rows.csv) instead of writing nothing.")] = False,
    full_id: Annotated[bool, typer.Option("--full-id", help="Print full ID numbers in the pledges "
                                           "(default: masked, PIPL minimum).")] = False,
) -> None:
    """The NDA plus one confidentiality pledge per person on the roster, into OUT/<contract-no>-pack/, with the
    NDA's annex staff-list.docx (外包人员清单) and an index of what each person signs.

    An NDA made for a service contract (IT, BPO or HR) names it: main_contract: its number (drafted into the
    same output folder first) or the path of its drafted folder or manifest.json. The NDA and every pledge then cite
    it and take its parties, project, term, engagement facts, damages per breach and periods; a value that
    disagrees with it, or a roster row starting outside its term, is refused naming both values (exit 2).
    Pledges are numbered MAIN-P001, … after the family's pledges already in OUT; a person who already has one
    there is skipped with a warning naming it (everyone: exit 2, nothing written).
    Warnings on stderr name the sheets not read and the hidden rows and columns that were read.
    """
    from generator.pack import nda_pack

    with _PackProgress() as progress:
        result = nda_pack(request, roster, out, pdf=pdf, skip_invalid=skip_invalid, full_id=full_id, sheet=sheet,
                          progress=progress)
    for note in result.notes:
        err.print(f"warning: {note}", markup=False, soft_wrap=True)
    for p in result.skipped:
        err.print(f"skipped: {p}", markup=False, soft_wrap=True)
    verb = "replaced existing" if result.replaced else "wrote"
    console.print(f"{verb} [bold]{escape(str(result.folder))}[/]: the NDA and {len(result.pledges)} pledge(s)"
                  + (f", {len(result.skipped_rows)} bad row(s) left out" if result.skipped_rows else ""),
                  soft_wrap=True)
    for f in result.files:
        console.print(f"  {f.name}  ({f.stat().st_size:,} bytes)", markup=False)
    console.print(f"  pledges/  ({len(result.pledges)} .docx{' + .pdf' if pdf else ''})", markup=False)
    console.print(f"  zip sha256 {result.zip_sha256}", markup=False)


class _PackProgress:
    """Progress bars for packs of more than a few dozen people, and for every PDF conversion (per document)."""

    THRESHOLD = 30

    def __enter__(self) -> _PackProgress:
        from rich.progress import Progress

        self.bar = Progress(console=err, transient=True)
        self.tasks: dict[str, Any] = {}
        self.started = False
        return self

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.started:
            if stage == "pledges" and total <= self.THRESHOLD:
                return
            self.bar.start()
            self.started = True
        if stage not in self.tasks:
            label = "pledges" if stage == "pledges" else "PDF (LibreOffice)"
            self.tasks[stage] = self.bar.add_task(label, total=total)
        self.bar.update(self.tasks[stage], completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.started:
            self.bar.stop()


