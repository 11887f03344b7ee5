"""Open a .docx zip defensively: limits against zip bombs, parts parsed safely (``docx_xml``), part lookup."""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from pathlib import Path

from clause_library.errors import DocumentReadError

from .docx_xml import Element, XMLError, parse

__all__ = ["RATIO_FLOOR", "DocxPackage"]

_PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "/officeDocument"
# Members up to this size may compress as well as they like (a drafted document.xml repeating a long field
# compresses several hundred times); past it, a real part (XML 10-30x, media about 1x) stays under max_ratio.
RATIO_FLOOR = 16 << 20
_CHUNK = 1 << 16
# Zip packages that are not Word documents, by a member only they have: what to call them.
_OTHER_PACKAGES = (
    ("xl/workbook.xml", "an Excel workbook (.xlsx)"),
    ("xl/workbook.bin", "an Excel workbook (.xlsb)"),
    ("ppt/presentation.xml", "a PowerPoint presentation (.pptx)"),
    ("visio/document.xml", "a Visio drawing (.vsdx)"),
)
_ODF = {
    "application/vnd.oasis.opendocument.text": "an OpenDocument text (.odt)",
    "application/vnd.oasis.opendocument.spreadsheet": "an OpenDocument spreadsheet (.ods)",
    "application/vnd.oasis.opendocument.presentation": "an OpenDocument presentation (.odp)",
    "application/epub+zip": "an e-book (.epub)",
}


class DocxPackage:
    """The parts of a .docx, read lazily under limits; ``close()`` (or ``with``) releases the file."""

    def __init__(
        self,
        path: Path,
        *,
        max_members: int,
        max_uncompressed: int,
        max_ratio: float,
        max_part: int | None = None,
    ) -> None:
        self.path = path
        self._max_uncompressed = max_uncompressed
        self._max_part = max_uncompressed if max_part is None else max_part
        self._read_so_far = 0
        self._rels: dict[str, dict[str, tuple[str, str]]] = {}
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError) as e:
            raise DocumentReadError(path, "not a valid .docx (truncated or corrupt zip)") from e
        try:
            self._check_limits(max_members=max_members, max_ratio=max_ratio)
            self._names = {info.filename: info for info in self._zip.infolist()}
            self.document_name = self._find_main_document()
        except BaseException:
            self._zip.close()
            raise

    def __enter__(self) -> DocxPackage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    def _check_limits(self, *, max_members: int, max_ratio: float) -> None:
        infos = self._zip.infolist()
        if len(infos) > max_members:
            raise DocumentReadError(self.path, f"zip bomb suspected: {len(infos):,} members (limit {max_members:,})")
        declared = sum(info.file_size for info in infos)
        if declared > self._max_uncompressed:
            raise DocumentReadError(
                self.path,
                f"zip bomb suspected: {declared:,} bytes uncompressed (limit {self._max_uncompressed:,})",
            )
        for info in infos:
            if info.file_size > RATIO_FLOOR and info.file_size > max_ratio * max(info.compress_size, 1):
                ratio = info.file_size / max(info.compress_size, 1)
                raise DocumentReadError(
                    self.path,
                    f"zip bomb suspected: member {info.filename!r} expands {ratio:.0f}× (limit {max_ratio:g}×)",
                )

    def has(self, name: str) -> bool:
        return name in self._names

    def read(self, name: str) -> bytes:
        """Bytes of a member, never more than its declared size nor the overall budget."""
        info = self._names[name]
        if info.file_size > self._max_part:
            raise DocumentReadError(self.path, f"{name} too large: {info.file_size:,} bytes uncompressed "
                                               f"(limit {self._max_part:,} for one part)")
        budget = min(self._max_uncompressed - self._read_so_far, self._max_part)
        if info.file_size > budget:
            raise DocumentReadError(self.path, f"zip bomb suspected: {name!r} exceeds the size budget")
        chunks: list[bytes] = []
        got = 0
        try:
            with self._zip.open(info) as f:
                while True:
                    chunk = f.read(_CHUNK)
                    if not chunk:
                        break
                    got += len(chunk)
                    if got > info.file_size or got > budget:
                        raise DocumentReadError(self.path, f"zip bomb suspected: {name!r} is larger than it declares")
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as e:
            if isinstance(e, DocumentReadError):
                raise
            raise DocumentReadError(self.path, f"not a valid .docx (truncated or corrupt zip): {name}: {e}") from e
        self._read_so_far += got
        return b"".join(chunks)

    def xml(self, name: str) -> Element | None:
        """The parsed member, ``None`` when the package has no such member."""
        if name not in self._names:
            return None
        data = self.read(name)
        try:
            return parse(data)
        except XMLError as e:
            raise DocumentReadError(self.path, f"malformed XML in {name}: {e}") from e

    def relationships(self, part_name: str) -> dict[str, tuple[str, str]]:
        """rId → (type suffix after the last '/', target part name) for the part's relationships."""
        if part_name in self._rels:
            return self._rels[part_name]
        folder, base = posixpath.split(part_name)
        rels = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        out: dict[str, tuple[str, str]] = {}
        if rels is None:
            self._rels[part_name] = out
            return out
        for rel in rels.iterfind(f"{_PKG_RELS}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            if target.startswith("/"):
                resolved = target.lstrip("/")
            else:
                resolved = posixpath.normpath(posixpath.join(folder, target))
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            out[rel.get("Id", "")] = (kind, resolved)
        self._rels[part_name] = out
        return out

    def _other_package(self) -> str | None:
        """What a zip that is not a Word document is, when it says (``None``: it does not)."""
        for member, what in _OTHER_PACKAGES:
            if self.has(member):
                return what
        if self.has("mimetype") and self._names["mimetype"].file_size < 200:
            return _ODF.get(self.read("mimetype").decode("ascii", "replace").strip())
        return None

    def _find_main_document(self) -> str:
        other = None if self.has("word/document.xml") else self._other_package()
        if other is not None:
            raise DocumentReadError(self.path, f"{other}, not a Word document: open it and save the contract "
                                               "as .docx or PDF, then review that file")
        for kind, target in self.relationships("").values():
            if "/" + kind == _OFFICE_DOCUMENT and self.has(target):
                return target
        if self.has("word/document.xml"):
            return "word/document.xml"
        if self.has("EncryptedPackage"):
            raise DocumentReadError(self.path, "password-protected .docx: remove the password in Word")
        raise DocumentReadError(self.path, "not a Word document: a zip archive without word/document.xml; if it "
                                           "holds contracts, unzip it and review the .docx/.pdf files inside")
