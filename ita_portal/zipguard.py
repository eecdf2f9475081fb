"""One guard for every zip the portal opens (evidence DOCX/XLSX/PPTX, imported XLSX): refuse an archive
whose declared content is absurd before any parser inflates it (issue 9, finding 1: a 408 KB fake .docx
grew a worker to 839 MB).

Only the archive's directory is judged, from the sizes it declares; what a member declares is also what
Python's zipfile yields at most (ZipExtFile stops at the declared size and checks the CRC), so a lying
header cannot inflate past the check. Readers of a member still read with a cap of their own.
"""

from __future__ import annotations

import zipfile

from django.template.defaultfilters import filesizeformat

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # bytes the members may inflate to, in total
MAX_RATIO = 100  # ... and per byte of the archive
RATIO_FLOOR = 1024 * 1024  # below this the ratio is not judged (a tiny file harms nobody)
MAX_MEMBERS = 10_000
# The directory is parsed into one object per member (~400 bytes each, ~9x the directory's size): a
# 10 MB upload of empty members would cost ~60 MB. Real Office directories are a few kilobytes.
MAX_DIRECTORY = 1024 * 1024
EOCD = b"PK\x05\x06"  # end of central directory record (22 bytes + a comment of up to 65,535)
ZIP64_LOCATOR = b"PK\x06\x07"


class ZipRefused(ValueError):
    """The archive was refused; str() is a Thai reason for the person who sent it."""


class NotAZip(ZipRefused):
    """The file is not a zip archive at all (or a broken one)."""


def judge_directory(fileobj) -> None:
    """Refuse, before zipfile parses it, a directory larger than MAX_DIRECTORY or in the zip64 form
    (no Office file within the portal's upload limits needs one). Not a zip: left to zipfile."""
    fileobj.seek(0, 2)
    end = fileobj.tell()
    start = max(0, end - len(EOCD) - 18 - 65535 - 20)
    fileobj.seek(start)
    tail = fileobj.read(end - start)
    fileobj.seek(0)
    at = tail.rfind(EOCD)
    if at < 0 or len(tail) < at + 22:
        return
    directory_size = int.from_bytes(tail[at + 12 : at + 16], "little")
    if directory_size > MAX_DIRECTORY or tail[max(0, at - 20) : at - 16] == ZIP64_LOCATOR:
        raise ZipRefused(f"รายการภายในไฟล์มากผิดปกติ (สารบัญ {filesizeformat(directory_size)})")


def judge_sizes(members: list[zipfile.ZipInfo], *, packed: int) -> None:
    """Refuse members that together inflate past MAX_UNCOMPRESSED, or past MAX_RATIO times the archive's
    size `packed` (when more than RATIO_FLOOR), or that are too many."""
    if len(members) > MAX_MEMBERS:
        raise ZipRefused(f"ไฟล์มีส่วนประกอบมากผิดปกติ ({len(members):,} ส่วน)")
    total = sum(max(info.file_size, 0) for info in members)
    if total > MAX_UNCOMPRESSED or (total > RATIO_FLOOR and total > MAX_RATIO * max(packed, 1)):
        raise ZipRefused(
            f"เมื่อแตกไฟล์แล้วจะมีขนาดถึง {filesizeformat(total)} "
            f"(เกิน {filesizeformat(MAX_UNCOMPRESSED)} หรือเกิน {MAX_RATIO} เท่าของขนาดไฟล์)"
        )


def zip_open(fileobj, *, not_a_zip: str = "ไฟล์นี้ไม่ใช่ไฟล์ที่เปิดได้ หรือไฟล์เสียหาย") -> zipfile.ZipFile:
    """Judge `fileobj` and open it as a zip; ZipRefused (with `not_a_zip` when it is none) otherwise."""
    judge_directory(fileobj)
    fileobj.seek(0, 2)
    packed = fileobj.tell()
    fileobj.seek(0)
    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise NotAZip(not_a_zip) from error
    judge_sizes(archive.infolist(), packed=packed)
    return archive


def zip_check(fileobj) -> zipfile.ZipFile:
    """An imported spreadsheet's archive, judged and open."""
    return zip_open(fileobj, not_a_zip="ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) ที่เปิดได้ หรือไฟล์เสียหาย")


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
