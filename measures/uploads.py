"""Evidence files: which kinds are accepted, decided by the file's content, not its name.

A name can say anything (`virus.exe` renamed `report.pdf`), so every upload is recognised by its
magic bytes; zip-based Office files are opened and must declare their main part in
[Content_Types].xml. The name's extension must then agree with what the content is.

A zip can claim to hold far more than it weighs (a "zip bomb": 400 KB that inflate to gigabytes).
Its directory is judged before anything is inflated (sizes as the archive declares them), and the one
member read, [Content_Types].xml, is read with a cap, so a lying directory cannot make it grow either.
The check runs once per upload, in the service (`measures.services._checked`); forms do not repeat it.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

MAX_SIZE = 10 * 1024 * 1024
# Zip-based Office files: what the archive may inflate to, in total and per byte uploaded. Below
# RATIO_FLOOR the ratio is not judged (a tiny file that inflates a hundredfold harms nobody).
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
# [Content_Types].xml lists a few dozen parts; real ones are a few kilobytes.
MAX_CONTENT_TYPES = 256 * 1024
# The zip's directory is parsed into one object per member (~400 bytes each, ~9x the directory's size):
# a 10 MB upload of empty members would cost ~60 MB. Real Office directories are a few kilobytes.
MAX_DIRECTORY = 1024 * 1024
EOCD = b"PK\x05\x06"  # end of central directory record (22 bytes + a comment of up to 65,535)
ZIP64_LOCATOR = b"PK\x06\x07"

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Word/Excel (Compound File Binary)

OOXML_MAIN_PARTS = {
    # extension: (content type of the main part, MIME type served)
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
}
MIME = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    **{ext: mime for ext, (_, mime) in OOXML_MAIN_PARTS.items()},
}
ALLOWED_TEXT = "PDF, JPG, PNG, DOCX, XLSX, PPTX, DOC, XLS"
# Files shown in the browser; everything else is downloaded.
INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png"}


@dataclass(frozen=True)
class Checked:
    extension: str
    content_type: str


class ZipBomb(Exception):
    """The archive claims to hold more than we accept; the argument is the reason, in Thai."""


def _sniff(head: bytes, upload) -> set[str]:
    """Extensions the content could be."""
    if head.startswith(b"%PDF-"):
        return {".pdf"}
    if head.startswith(b"\xff\xd8\xff"):
        return {".jpg", ".jpeg"}
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return {".png"}
    if head.startswith(OLE2):
        return {".doc", ".xls"}
    if head.startswith(b"PK\x03\x04"):
        return _ooxml_kind(upload)
    return set()


def _ooxml_kind(upload) -> set[str]:
    """Which Office kinds the zip declares; raises ZipBomb before inflating anything absurd."""
    _judge_directory(upload)
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            _judge_sizes(archive.infolist(), packed=upload.size)
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > MAX_CONTENT_TYPES:
                return set()
            with archive.open(info) as member:
                # Read with a cap: the declared size may lie, the cap does not.
                raw = member.read(MAX_CONTENT_TYPES + 1)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, EOFError, ValueError, NotImplementedError):
        return set()
    if len(raw) > MAX_CONTENT_TYPES:
        return set()
    types = raw.decode("utf-8", "replace")
    return {ext for ext, (main, _) in OOXML_MAIN_PARTS.items() if main in types}


def _judge_directory(upload) -> None:
    """Refuse, before the directory is parsed, an archive whose directory is larger than MAX_DIRECTORY
    or in the zip64 form (which no Office file within MAX_SIZE needs)."""
    upload.seek(0, 2)
    end = upload.tell()
    start = max(0, end - len(EOCD) - 18 - 65535 - 20)
    upload.seek(start)
    tail = upload.read(end - start)
    at = tail.rfind(EOCD)
    if at < 0 or len(tail) < at + 22:
        return  # not a zip: zipfile says so
    directory_size = int.from_bytes(tail[at + 12 : at + 16], "little")
    if directory_size > MAX_DIRECTORY or tail[max(0, at - 20) : at - 16] == ZIP64_LOCATOR:
        raise ZipBomb(f"รายการภายในไฟล์มากผิดปกติ (สารบัญ {filesizeformat(directory_size)})")


def _judge_sizes(members: list[zipfile.ZipInfo], *, packed: int) -> None:
    """Refuse an archive whose members together inflate past MAX_UNCOMPRESSED, or past MAX_RATIO
    times the uploaded size (when that is more than RATIO_FLOOR)."""
    total = sum(max(info.file_size, 0) for info in members)
    if total > MAX_UNCOMPRESSED or (total > RATIO_FLOOR and total > MAX_RATIO * max(packed, 1)):
        raise ZipBomb(
            f"เมื่อแตกไฟล์แล้วจะมีขนาดถึง {filesizeformat(total)} "
            f"(เกิน {filesizeformat(MAX_UNCOMPRESSED)} หรือเกิน {MAX_RATIO} เท่าของขนาดไฟล์)"
        )


def check_evidence_file(upload) -> Checked:
    """Accept an uploaded file or raise ValidationError with a Thai message naming the file."""
    name = upload.name or "ไฟล์"
    if upload.size > MAX_SIZE:
        raise ValidationError(
            f"ไฟล์ “{name}” มีขนาด {filesizeformat(upload.size)} เกินขนาดสูงสุด {filesizeformat(MAX_SIZE)}",
            code="too_large",
        )
    extension = PurePath(name).suffix.lower()
    if extension not in MIME:
        raise ValidationError(
            f"ไม่รับไฟล์ชนิด “{extension or name}” ({name}) รับเฉพาะ {ALLOWED_TEXT}", code="forbidden_type"
        )
    upload.seek(0)
    head = upload.read(16)
    try:
        kinds = _sniff(head, upload)
    except ZipBomb as bomb:
        raise ValidationError(
            f"ไม่รับไฟล์ “{name}”: {bomb.args[0]} ไฟล์อาจเสียหายหรือเป็นไฟล์อันตราย", code="zip_bomb"
        ) from None
    finally:
        upload.seek(0)
    if extension not in kinds:
        raise ValidationError(
            f"เนื้อหาของไฟล์ “{name}” ไม่ใช่ไฟล์ {extension[1:].upper()} จริง (ไฟล์อาจเสียหายหรือถูกเปลี่ยนนามสกุล) "
            f"รับเฉพาะ {ALLOWED_TEXT}",
            code="content_mismatch",
        )
    return Checked(extension=".jpg" if extension == ".jpeg" else extension, content_type=MIME[extension])
