"""Words the generator, the reviewer and sign-off must spell alike: document properties, numbering styles,
the Unicode ranges of Chinese text, and the labels of roles and severities."""

from __future__ import annotations

from enum import StrEnum

from .models import DocumentKind, Lang, Role, Severity

__all__ = [
    "CJK_CASELESS",
    "CJK_PUNCTUATION",
    "CJK_TEXT",
    "FULLWIDTH",
    "FULLWIDTH_CASELESS",
    "HAN",
    "HAN_WIDE",
    "ArticleStyle",
    "DocProperty",
    "role_label",
    "severity_label",
]


class DocProperty(StrEnum):
    """The custom properties the generator writes into each .docx, read back by the reviewer and sign-off."""

    kind = "contracts.kind"  # the DocumentKind drafted
    request_sha256 = "contracts.request_sha256"  # the canonical request's SHA-256
    clauses = "contracts.clauses"  # JSON: clause id → version, as assembled
    contract_no = "contracts.contract_no"  # the document's number


class ArticleStyle(StrEnum):
    """How a document numbers its clauses: a contract's articles (第一条, Article 1) or a pledge's items (一、, 1.)."""

    article = "article"
    item = "item"

    @classmethod
    def of(cls, kind: DocumentKind) -> ArticleStyle:
        """A pledge's clauses are items (一、 / 1.); every other document's are articles."""
        return cls.item if kind is DocumentKind.pledge else cls.article


# Unicode ranges of Chinese text, as the inside of a regex character class ("[" + HAN + "]").
HAN = "\u4e00-\u9fff"  # CJK Unified Ideographs: every character of a modern contract's Chinese
HAN_WIDE = "\u3400-\u9fff\uf900-\ufaff"  # with Extension A and the compatibility ideographs (rare names)
CJK_PUNCTUATION = "\u3000-\u303f"  # 、。「」《》【】 and the ideographic space
FULLWIDTH = "\uff00-\uffef"  # full- and half-width forms: （），：；！？ and full-width letters and digits
FULLWIDTH_CASELESS = "\uff01-\uff20\uff3b-\uff40\uff5b-\uff65"  # the full-width forms that have no case
CJK_TEXT = CJK_PUNCTUATION + HAN_WIDE + FULLWIDTH  # what is set in the East-Asian font; a line of Chinese
CJK_CASELESS = CJK_PUNCTUATION + HAN + FULLWIDTH_CASELESS  # Chinese that case-folding leaves as it is


def role_label(role: Role, lang: Lang) -> str:
    """The role's name for people (``labels.yaml``'s ``role_<role>``): 法务 / Legal."""
    return _label(f"role_{role.value}", lang)


def severity_label(severity: Severity, lang: Lang) -> str:
    """The severity's name for people (``labels.yaml``'s ``severity_<severity>``): 阻断 / blocker."""
    return _label(f"severity_{severity.value}", lang)


def _label(key: str, lang: Lang) -> str:
    from .loader import default_library  # the library is loaded (and checked) once, when first needed

    return default_library().labels[key].get(lang)
