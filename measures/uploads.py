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

from ita_portal.zipguard import NotAZip, ZipRefused, zip_open

MAX_SIZE = 10 * 1024 * 1024
# [Content_Types].xml lists a few dozen parts; real ones are a few kilobytes. (The archive itself is
# judged by ita_portal.zipguard, the one guard for every zip the portal opens.)
MAX_CONTENT_TYPES = 256 * 1024

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
    """Which Office kinds the zip declares; raises ZipRefused before inflating anything absurd."""
    try:
        with zip_open(upload) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > MAX_CONTENT_TYPES:
                return set()
            with archive.open(info) as member:
                # Read with a cap: the declared size may lie, the cap does not.
                raw = member.read(MAX_CONTENT_TYPES + 1)
    except NotAZip:
        return set()  # the extension check then says the content is not what the name claims
    except ZipRefused:
        raise  # (a ValueError: not to be taken for a broken file below)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, EOFError, ValueError, NotImplementedError):
        return set()
    if len(raw) > MAX_CONTENT_TYPES:
        return set()
    types = raw.decode("utf-8", "replace")
    return {ext for ext, (main, _) in OOXML_MAIN_PARTS.items() if main in types}


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
    except ZipRefused as bomb:
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
