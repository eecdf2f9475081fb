"""Refuse a zip archive (XLSX, DOCX) whose declared content is absurd, before any parser opens it
(issue 9, finding 1: a 408 KB fake .docx grew a worker to 839 MB).

Only the central directory is read. What a member declares is also what Python's zipfile will yield
at most (ZipExtFile stops at the declared size and checks the CRC), so a lying header cannot inflate
past the check. Helper "a" writes the same guard for evidence uploads (measures/uploads.py); the lead
unifies them.
"""

from __future__ import annotations

import zipfile

MAX_TOTAL = 200 * 1024 * 1024  # bytes, uncompressed
MAX_RATIO = 100  # uncompressed : compressed
MAX_MEMBERS = 10_000


class ZipRefused(ValueError):
    """The archive was refused; str() is a Thai message for the person who sent it."""


def zip_check(fileobj, *, max_total: int = MAX_TOTAL, max_ratio: int = MAX_RATIO) -> zipfile.ZipFile:
    """Open `fileobj` as a zip and refuse it (ZipRefused) when it is not one, has too many members, or
    would grow beyond `max_total` bytes or `max_ratio` times its compressed size. Returns the open
    ZipFile (the position of `fileobj` is left where zipfile puts it)."""
    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ZipRefused("ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) ที่เปิดได้ หรือไฟล์เสียหาย") from error
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise ZipRefused("ไฟล์มีส่วนประกอบมากผิดปกติ จึงไม่เปิดอ่าน")
    total = sum(m.file_size for m in members)
    compressed = sum(m.compress_size for m in members)
    if total > max_total:
        raise ZipRefused(f"ไฟล์เมื่อขยายแล้วใหญ่เกิน {max_total // (1024 * 1024)} MB จึงไม่เปิดอ่าน")
    if total > max_ratio * max(compressed, 1) or any(
        m.file_size > max_ratio * max(m.compress_size, 1) and m.file_size > 1024 * 1024 for m in members
    ):
        raise ZipRefused("ไฟล์บีบอัดไว้มากผิดปกติ (อาจเป็นไฟล์อันตราย) จึงไม่เปิดอ่าน")
    return archive


def xml_has_doctype(archive: zipfile.ZipFile, *, head: int = 4096) -> bool:
    """True when an XML member declares a DOCTYPE (entities: the XML attacks openpyxl would pass to
    the standard parser without defusedxml). A spreadsheet never needs one. Reads at most `head`
    bytes of each member."""
    for member in archive.infolist():
        if not member.filename.endswith((".xml", ".rels")):
            continue
        with archive.open(member) as stream:
            if b"<!DOCTYPE" in stream.read(head).upper():
                return True
    return False
