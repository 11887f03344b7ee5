"""The reviewer runs in time linear in the document: long lists, long paragraphs, odd repetitions.

Each review runs in a child process with a timeout, so a regression fails the test instead of hanging
the suite. The bound (60 s) is a hang guard, not a speed test: these documents take a few seconds.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, ClassVar

import docx
import pytest

from clause_library.models import Lang
from generator.values import item_marker
from review import check_library, library_text
from review.library_text import template_regex
from review.linear import compile_linear
from review.review import review_document

ROOT = Path(__file__).resolve().parents[2]
HANG_GUARD = 60  # seconds


def _review_json(folder: Path) -> dict[str, dict[str, Any]]:
    """``contracts review FOLDER --format json`` in a child process, killed past the hang guard: name → report."""
    try:
        done = subprocess.run([sys.executable, "-m", "contracts", "review", str(folder), "--format", "json"],
                              cwd=ROOT, capture_output=True, text=True, timeout=HANG_GUARD, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"reviewing {folder} took more than {HANG_GUARD} s: catastrophic backtracking?")
    assert done.returncode in (0, 1), done.stderr
    reports = json.loads(done.stdout)
    return {Path(r["path"]).name: r for r in (reports if isinstance(reports, list) else [reports])}


def _with_items(drafted: Path, path: Path, n: int, *, edit_after: bool) -> None:
    """The drafted IT contract with ``n`` more items after its first service (and, with ``edit_after``,
    the paragraph after the list changed, so that the library comparison fails after the loop)."""
    d = docx.Document(str(drafted))
    paras = d.paragraphs
    first = next(i for i, p in enumerate(paras) if p.text.endswith("运行监控与故障处理"))
    anchor = paras[first]._p
    for i in range(n, 0, -1):  # inserted right after the first item, so in reverse
        el = copy.deepcopy(anchor)
        anchor.addnext(el)
        runs = list(el.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))
        runs[0].text = f"{item_marker(i, Lang.zh)} 附加服务事项{i}"
        for t in runs[1:]:
            t.text = ""
    if edit_after:
        after = next(p for p in d.paragraphs[first:] if "除本合同另有约定外" in p.text)
        after.runs[0].text = "改动过的文字" + after.runs[0].text
    d.save(str(path))


_MIXED = ("甲方 the Client 乙方 shall 保密信息 Confidential Information，（一）(a) 1.2 第三条 “ ” 100% "
          "¥1,000.00 termination 终止 notice 通知 to be determined 待定 ")
MB = 1 << 20
PARAGRAPHS = {
    "mixed.txt": _MIXED * (1 + MB // len(_MIXED.encode())),
    "one-char.txt": "a" * MB,
    "one-cjk-char.txt": "甲" * (MB // 3),
    "digits.txt": "合同总价 大写：" + "1" * MB,  # 5,000 digits after 大写 took Python's re 13 s (check_figures)
    "ideographic-spaces.txt": "签订日期：年" + "\u3000" * (MB // 3) + "X",  # 5,000 took minutes (placeholders)
    # Half a megabyte each (a quadratic pattern shows there as well):
    # check_placeholders: thousands of blanks on one line (each looks back only at its own label), boxes, dates
    "blanks-one-line.txt": "甲方____ 账号【】 " * (MB // 56),
    "boxes.txt": "□" * (MB // 12) + "□是 □否 " * (MB // 48),
    "en-blank-dates.txt": "the ___ day of ____, 20__ [DATE] " * (MB // 66),
    # check_amounts: figures and words paired either way, words read back from a bracket, a run of capitals
    "amount-pairs.txt": ("¥1,000.00（人民币壹仟元整）人民币壹仟元整（¥1,000.00）" * (MB // 180)
                         + "人民币" + "壹" * (MB // 12)),
    "en-amount-words.txt": "one " * (MB // 16) + "(USD 1) " + "USD 2 (two US dollars) " * (MB // 92),
}

_IDEO = "\u3000" * (MB // 3)  # the readers keep U+3000 as it is (they collapse no whitespace inside a line)
# Whole documents whose long run reaches a given pattern (each took Python's re quadratic time there):
DOCUMENTS = {
    # classify._RUN_IN on a segment without heading: "article" + spaces split between \s+ and \s*
    "run-in.txt": f"article{_IDEO}x\n第一条 服务内容\n乙方提供服务。\n",
    # check_text._ZH_PARTY / _EN_PARTY in the preamble, then _TRAILER on the name
    "zh-party.txt": f"技术服务合同\n甲方：某某公司{_IDEO}x\n乙方：某某公司\n第一条 服务内容\n乙方提供服务。\n",
    "en-party.txt": (f"Service Agreement\nParty A: Acme Ltd{' ' * MB}x\nParty B: Beta Ltd\n1. Services\n"
                     "The vendor shall serve.\n"),
    # checks._DURATION on a run of 零 in a confidentiality term
    "zero-term.txt": f"保密协议\n第一条 保密期限\n保密期限为{'零' * (MB // 3)}x年。保密义务持续有效。\n",
    # kind._handed_over: thousands of sentences in which the client keeps a function (each blanked once)
    "kept-functions.txt": "外包服务合同\n甲方：某公司\n乙方：某公司\n" + "坐席由甲方自有人员负责；" * (MB // 36),
    # check_text: the signature line split into pieces, then _NEXT_LABEL and _TRAILER on the name
    "signature.txt": (f"技术服务合同\n甲方：某某公司\n乙方：某某公司\n第一条 服务内容\n乙方提供服务。\n"
                      f"（以下无正文）\n签字盖章：\n甲方（盖章）：某某公司{_IDEO}x\n乙方（盖章）：某某公司\n"),
}


@pytest.fixture(scope="module")
def reports(drafted: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Every long document below, reviewed by one ``contracts review`` run."""
    folder = tmp_path_factory.mktemp("long")
    _with_items(drafted["it_contract_zh.yaml"], folder / "items-unchanged.docx", 10_000, edit_after=False)
    _with_items(drafted["it_contract_zh.yaml"], folder / "items-edited.docx", 10_000, edit_after=True)
    for name, text in PARAGRAPHS.items():
        body = f"技术服务合同 Service Agreement\n第一条 服务内容\n{text}\n第二条 保密\n乙方应保密。\n"
        (folder / name).write_text(body, encoding="utf-8")
    for name, text in DOCUMENTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    d = docx.Document(str(drafted["bpo_contract_bilingual.yaml"]))
    item = next(p for p in d.paragraphs if p.text.startswith("（一） 提供7×12小时"))
    item.runs[0].text += "客户服务 service " * 60_000  # about 1 MB on one line of a loop item
    d.save(str(folder / "long-item.docx"))
    return _review_json(folder)


def _changed(report: dict[str, Any]) -> list[str]:
    return [f["category"] for f in report["findings"] if f["check"] == "library_clause_changed"]


def test_ten_thousand_items_in_one_list(reports: dict[str, dict[str, Any]]) -> None:
    assert _changed(reports["items-unchanged.docx"]) == []


def test_ten_thousand_items_then_an_edited_paragraph(reports: dict[str, dict[str, Any]]) -> None:
    report = reports["items-edited.docx"]
    assert _changed(report) == ["service_scope"]
    evidence = next(f["evidence"] for f in report["findings"] if f["check"] == "library_clause_changed")
    assert "改动过的文字" in evidence


@pytest.mark.parametrize("name", sorted(PARAGRAPHS))
def test_a_one_megabyte_paragraph(reports: dict[str, dict[str, Any]], name: str) -> None:
    assert reports[name]["readable"]


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_a_one_megabyte_run_where_a_pattern_reads_it(reports: dict[str, dict[str, Any]], name: str) -> None:
    assert reports[name]["readable"]


def test_a_one_megabyte_line_in_a_generated_list(reports: dict[str, dict[str, Any]]) -> None:
    assert _changed(reports["long-item.docx"]) == []


# ---- RE2 answers exactly as Python's re did ------------------------------------------------------------

class _Both:
    """A template compiled by RE2 (as the reviewer runs it) and by Python's re, asked the same questions."""

    calls: ClassVar[list[str]] = []

    def __init__(self, source: str, real: Any) -> None:
        self.py = re.compile(template_regex(source))
        self.r2 = real(source)

    def _ask(self, how: str, text: str) -> Any:
        # Edits far into the text are left out: there Python's re backtracks for seconds over what came before
        # (the very problem; 14 s for the middle of the English 特别提示 with its optional items).
        early = min(len(text) // 2, 40)
        variants = [text, text.replace("\n", "", 1), "x" + text, text[:early] + "改" + text[early + 1 :]]
        for v in variants:
            assert bool(getattr(self.py, how)(v)) == bool(getattr(self.r2, how)(v)), (how, v)
        _Both.calls.append(how)
        return getattr(self.r2, how)(text)

    def fullmatch(self, text: str) -> Any:
        return self._ask("fullmatch", text)

    def match(self, text: str) -> Any:
        return self._ask("match", text)

    def search(self, text: str) -> Any:
        return self._ask("search", text)


@pytest.mark.parametrize("example", ["it_contract_zh.yaml", "bpo_contract_bilingual.yaml", "nda_mutual_en.yaml",
                                     "pledge_zh.yaml"])
def test_library_comparison_answers_as_python_re(drafted: dict[str, Path], example: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    real = library_text.template_pattern.__wrapped__
    monkeypatch.setattr(check_library, "template_pattern", lambda source: _Both(source, real))
    _Both.calls.clear()
    review_document(drafted[example])
    assert {"fullmatch", "match", "search"} & set(_Both.calls) and len(_Both.calls) > 5


def test_whitespace_is_pythons_whitespace() -> None:
    spaces = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
    rx = compile_linear(r"a\s*b")
    assert rx.fullmatch(f"a{spaces}b") and not rx.fullmatch("a\u200bb")

