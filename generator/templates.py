"""``contracts templates check``: each template's variables, syntax errors and unknown names."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import TemplateError

from clause_library.models import DocumentKind
from clause_library.sandbox import make_environment

from .render import TEMPLATE_DIR, TEMPLATE_VARIABLES, template_path

__all__ = ["TemplateReport", "check_templates"]


@dataclass
class TemplateReport:
    """One template: the variables it uses and what is wrong with it (empty when fine)."""

    path: Path
    variables: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)


def check_templates(folder: Path | None = None) -> list[TemplateReport]:
    """Check the template of every document kind in ``folder`` (default: the shipped ``templates/``)."""
    reports = []
    for kind in DocumentKind:
        path = template_path(kind, folder or TEMPLATE_DIR)
        report = TemplateReport(path)
        reports.append(report)
        if not path.is_file():
            report.problems.append("missing: every document kind needs a template")
            continue
        try:
            tpl = DocxTemplate(str(path))
            report.variables = set(tpl.get_undeclared_template_variables(make_environment(autoescape=True)))
        except TemplateError as e:
            lineno = getattr(e, "lineno", None)
            line = f" (line {lineno} of the template's XML)" if lineno else ""
            report.problems.append(f"Jinja syntax error{line}: {e}")
            continue
        except Exception as e:  # a damaged .docx: python-docx raises several kinds
            report.problems.append(f"cannot be opened as a Word template: {e}")
            continue
        unknown = sorted(report.variables - TEMPLATE_VARIABLES)
        if unknown:
            report.problems.append(f"uses {', '.join(unknown)}, which no request provides "
                                   f"(available: {', '.join(sorted(TEMPLATE_VARIABLES))})")
    return reports
