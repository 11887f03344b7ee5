"""LibreOffice's font replacement table, the one setting (XML too) the PDF conversion writes into its profile."""

from __future__ import annotations

from xml.sax.saxutils import escape

__all__ = ["font_replacements_xcu"]

_SUBSTITUTION = "/org.openoffice.Office.Common/Font/Substitution"


def font_replacements_xcu(replacements: tuple[tuple[str, str], ...]) -> str:
    """A registrymodifications.xcu that makes LibreOffice always draw each font named first in ``replacements``
    with the face named second."""

    def prop(name: str, value: str) -> str:
        return f'<prop oor:name="{name}" oor:op="fuse"><value>{escape(value)}</value></prop>'

    pairs = "".join(
        f'<item oor:path="{_SUBSTITUTION}/FontPairs"><node oor:name="_{i}" oor:op="replace">'
        + prop("ReplaceFont", name) + prop("SubstituteFont", face) + prop("Always", "true")
        + prop("OnScreenOnly", "false") + "</node></item>\n"
        for i, (name, face) in enumerate(replacements)
    )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<oor:items xmlns:oor="http://openoffice.org/2001/registry">\n'
            f'<item oor:path="{_SUBSTITUTION}">{prop("Replacement", "true")}</item>\n{pairs}</oor:items>\n')
