"""The .docx zip as written: fixed timestamps, attributes and order, and the records of a zip written by hand.

The pledges' fast path writes its zip member by member, reusing the template's compressed members as they are.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile

__all__ = ["FIXED_TIME", "ZIP_EPOCH", "central_entry", "deterministic_zip", "end_of_central_directory", "local_header",
           "local_record"]

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
FIXED_TIME = dt.datetime(2026, 1, 1, 0, 0, 0)  # a generated file's created/modified properties: never the clock


def deterministic_zip(data: bytes) -> bytes:
    """Rewrite a .docx zip with fixed timestamps, attributes and member order: same input, same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in names]
    order = first + sorted(n for n in names if n not in first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            info.create_system = 0
            dst.writestr(info, src.read(name), compresslevel=6)
    return out.getvalue()


def _dos(info: zipfile.ZipInfo) -> tuple[int, int]:
    d = info.date_time
    return (d[3] << 11 | d[4] << 5 | d[5] // 2), ((d[0] - 1980) << 9 | d[1] << 5 | d[2])


def local_record(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """The member ``info`` of the zip ``data`` as stored: its local header and compressed bytes, to copy as is."""
    start = info.header_offset
    name_len, extra_len = struct.unpack("<2H", data[start + 26:start + 30])
    return data[start:start + 30 + name_len + extra_len + info.compress_size]


def local_header(info: zipfile.ZipInfo, crc: int, csize: int, usize: int) -> bytes:
    """The local header of ``info`` holding new content (its CRC, compressed and uncompressed sizes), as
    ``zipfile`` writes it."""
    name = info.filename.encode("utf-8" if info.flag_bits & 0x800 else "ascii")
    dostime, dosdate = _dos(info)
    return struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", info.extract_version, info.reserved, info.flag_bits,
                       info.compress_type, dostime, dosdate, crc, csize, usize, len(name), len(info.extra)
                       ) + name + info.extra


def central_entry(info: zipfile.ZipInfo, crc: int, csize: int, usize: int, offset: int) -> bytes:
    """The central-directory entry of ``info`` written at ``offset``, as ``zipfile`` writes it."""
    name = info.filename.encode("utf-8" if info.flag_bits & 0x800 else "ascii")
    dostime, dosdate = _dos(info)
    return struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", info.create_version, info.create_system,
                       info.extract_version, info.reserved, info.flag_bits, info.compress_type, dostime, dosdate,
                       crc, csize, usize, len(name), len(info.extra), 0, 0, info.internal_attr,
                       info.external_attr, offset) + name + info.extra


def end_of_central_directory(entries: int, size: int, start: int) -> bytes:
    """The zip's last record: ``entries`` entries in a central directory of ``size`` bytes at ``start``."""
    return struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, entries, entries, size, start, 0)
