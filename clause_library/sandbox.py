"""The one factory of Jinja environments: sandboxed and strict, for clause texts and templates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from jinja2 import StrictUndefined, meta, nodes
from jinja2.ext import Extension
from jinja2.sandbox import SandboxedEnvironment

__all__ = ["EMPHASIS", "GLOBAL_NAMES", "TemplateUse", "capital_count", "inspect_template", "lex_as_written",
           "make_environment", "parse_as_written"]

# Names every clause body may use without declaring them: conditions and cross-references.
GLOBAL_NAMES = frozenset({"cond", "ref"})
# The one markup of clause texts: **a passage** is drafted bold and underlined. It marks the key sentences
# of terms that exclude or limit a party's liability or rights, which the 特别提示 names (民法典 art. 496;
# 合同编通则解释 art. 10: a sign that normally draws the other side's attention). A passage opens and
# closes within one paragraph or item, and zh and en mark the same paragraphs.
EMPHASIS = "**"


class KeepLineBreaks(Extension):
    """A line of text that ends in a block tag keeps its line break.

    ``trim_blocks`` drops the line break after every block tag, so that a tag on a line of its own leaves no
    empty line; but after "…；{% endif %}" it silently joined the next paragraph to this one. A line with
    text (or a value) outside its tags that ends in a plain ``%}`` (or a comment's ``#}``) ends in ``+%}``
    instead, which keeps the break; ``-%}`` still joins on purpose.
    """

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        lines = source.split("\n")
        for k, line in enumerate(lines):
            end = line.rstrip()
            if end.endswith(("%}", "#}")) and end[-3:-2] not in "-+" and _TAGS.sub("", end).strip():
                lines[k] = end[:-2] + "+" + end[-2:] + line[len(end):]
        return "\n".join(lines)


# A block tag or a comment within one line (non-greedy: a line's tags one by one).
_TAGS = re.compile(r"\{%.*?%\}|\{#.*?#\}")


def make_environment(*, autoescape: bool = False) -> SandboxedEnvironment:
    """A sandboxed Jinja environment that fails on any undefined name.

    ``autoescape`` is for XML targets (Word templates); clause bodies render to plain text that
    python-docx escapes itself, and keep the line break after a line ending in a tag (``KeepLineBreaks``).
    """
    env = SandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=() if autoescape else (KeepLineBreaks,),
    )
    env.filters["capital_count"] = capital_count
    return env


_CAPITAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"


def capital_count(n: int) -> str:
    """A count in Chinese capitals as contracts write it ("一式肆份"): 4 → 肆, 10 → 拾, 12 → 拾贰, 20 → 贰拾."""
    if isinstance(n, bool) or not isinstance(n, int) or not 0 < n < 100:
        raise ValueError(f"capital_count: expected a whole number from 1 to 99, found {n!r}")
    tens, ones = divmod(n, 10)
    text = (("" if tens == 1 else _CAPITAL_DIGITS[tens]) + "拾") if tens else ""
    return text + (_CAPITAL_DIGITS[ones] if ones else "")


@dataclass
class TemplateUse:
    """What a template text uses: free names, ``cond.X`` conditions and ``ref('category')`` targets."""

    variables: set[str] = field(default_factory=set)
    conditions: set[str] = field(default_factory=set)
    refs: set[str] = field(default_factory=set)


_ENV = make_environment()


def inspect_template(source: str) -> TemplateUse:
    """Parse ``source`` and list what it uses. Raises ``TemplateSyntaxError``."""
    ast = _ENV.parse(source)
    use = TemplateUse(variables=set(meta.find_undeclared_variables(ast)) - GLOBAL_NAMES)
    for node in ast.find_all(nodes.Getattr):
        if isinstance(node.node, nodes.Name) and node.node.name == "cond":
            use.conditions.add(node.attr)
    for call in ast.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name == "ref":
            for arg in call.args:
                if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                    use.refs.add(arg.value)
                else:
                    use.refs.add("<not a literal>")
    return use


# A clause text as written, for reading rather than drafting: no block tag trims the line break after it or the
# indent before it, and a final line break stays, so every gap the text has between its pieces is still there
# (the reviewer's patterns allow any whitespace in each gap, whatever drafting trims).
_AS_WRITTEN = _ENV.overlay(trim_blocks=False, lstrip_blocks=False, keep_trailing_newline=True)


def parse_as_written(source: str) -> nodes.Template:
    """Jinja's syntax tree of a clause text, its whitespace as written. Raises ``TemplateSyntaxError``."""
    return _AS_WRITTEN.parse(source)


def lex_as_written(source: str) -> Iterator[tuple[int, str, str]]:
    """Jinja's tokens of a clause text as (line, type, value), whitespace and comments included, as written."""
    return _AS_WRITTEN.lex(source)
