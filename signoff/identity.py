"""What a document is, for sign-off: its SHA-256, file name, contract number and parties."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from clause_library.errors import DocumentReadError
from clause_library.files import copy_hashed
from clause_library.vocabulary import DocProperty
from review.document import ReadResult
from review.linear import compile_linear
from review.reader import check_size, read_document

__all__ = ["DocumentIdentity", "Held", "contract_number", "hold", "identify_document"]

# A contract number as written near the top of a contract (ours, or a vendor's).
_NUMBER = re.compile(
    r"(?:合同编号|合同号|协议编号|Contract\s*No\.?|Agreement\s*No\.?|Contract\s+Number)\s*[:：]?\s*"
    r"([A-Za-z0-9][A-Za-z0-9._/-]{1,63})",
    re.IGNORECASE,
)
# "甲方（委托方）：北京示例科技股份有限公司", "乙方名称：…" or "Party A (Client): Example Ltd.": the label, then at most
# a role in brackets and 名称/全称/name, then the colon. Nothing else: "乙方确认：甲方已按照乙方的要求…" (the notice of
# the standard terms, above the parties) is a sentence, not a party. In RE2 (linear time: a long run of line breaks
# and spaces made Python's re read it again from every line start); Party A/B/C is a group of its own (group 2).
_PARTY = compile_linear(
    r"^\s*(?:(甲方|乙方|丙方|Client|Vendor|Customer|Service\s+Provider|Supplier)|(Party\s+[ABC]))"
    r"[ \t　]*(?:[（(][^（()）:：\n]{1,20}[)）])?(?:[ \t　]*(?:名称|全称)|[ \t　]+name)?[ \t　]*[:：]\s*"
    r"(\S[^\n]{0,119})$",
    re.IGNORECASE | re.MULTILINE,
)
_HEAD_BLOCKS = 40  # the number and the parties are stated at the top


@dataclass(frozen=True)
class DocumentIdentity:
    """A document's identity: ``file_name`` is the name as text (bytes that are not UTF-8 become
    U+FFFD); ``contract_no`` is ``None`` when none could be found; ``parties`` are
    ``(label as written, name)`` pairs, empty when none were found."""

    path: Path
    sha256: str
    file_name: str
    contract_no: str | None
    parties: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Held:
    """A document held for sign-off: ``copy`` is a private copy of its bytes, ``identity`` says what those
    bytes are, ``read`` is the copy as read (its ``path`` the document's own, so reports name the document)."""

    identity: DocumentIdentity
    read: ReadResult
    copy: Path


@contextmanager
def hold(path: str | Path, *, password: str | None = None) -> Iterator[Held]:
    """Copy ``path`` once into a private folder, hashing while copying, and read the copy: whatever is then
    reviewed, recorded or packed is exactly the bytes hashed, even when the file changes meanwhile. The
    copy is removed on leaving. Raises DocumentReadError naming ``path`` when it is missing or unreadable.
    """
    p = Path(path)
    if not p.is_file():
        raise DocumentReadError(p, "no such file")
    check_size(p)  # refused before a byte is copied, not after copying a file of any size
    with tempfile.TemporaryDirectory(prefix="contracts-signoff-") as tmp:
        copy = Path(tmp) / "document"
        digest = copy_hashed(p, copy)
        try:
            read = read_document(copy, password=password)
        except DocumentReadError as e:
            raise DocumentReadError(p, e.reason) from e
        read = replace(read, path=str(p))
        yield Held(_identity(p, digest, read), read, copy)


def identify_document(path: str | Path, *, password: str | None = None) -> DocumentIdentity:
    """Hash ``path`` and find its contract number and parties (generator properties first, then text).

    Raises DocumentReadError when the file is missing or cannot be read.
    """
    with hold(path, password=password) as held:
        return held.identity


def contract_number(read: ReadResult) -> str | None:
    """The contract number of a read document: the generator's property, else the number written near the top
    (合同编号：…, Contract No. …); ``None`` when there is none."""
    number = read.properties.get(DocProperty.contract_no) or None
    if number is None:
        m = _NUMBER.search("\n".join(b.text for b in read.blocks[:_HEAD_BLOCKS]))
        number = m.group(1) if m else None
    return number


def _identity(path: Path, digest: str, read: ReadResult) -> DocumentIdentity:
    head = "\n".join(b.text for b in read.blocks[:_HEAD_BLOCKS])
    number = contract_number(read)
    parties: list[tuple[str, str]] = []
    for m in _PARTY.finditer(head):
        label, name = (m.group(1) or m.group(2)).strip(), m.group(3).strip()
        if all(label != seen for seen, _ in parties):
            parties.append((label, name))
    # A name that is not UTF-8 arrives with surrogates, which can be neither stored nor hashed.
    name = os.fsencode(path.name).decode("utf-8", "replace")
    return DocumentIdentity(path, digest, name, number, parties)
