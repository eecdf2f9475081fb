"""Evidence files: which kinds are accepted, decided by the file's content, not its name.

A name can say anything (`virus.exe` renamed `report.pdf`), so every upload is recognised by its
magic bytes; zip-based Office files are opened and must declare their main part in
[Content_Types].xml. The name's extension must then agree with what the content is.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

MAX_SIZE = 10 * 1024 * 1024

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
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return set()
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
    kinds = _sniff(head, upload)
    upload.seek(0)
    if extension not in kinds:
        raise ValidationError(
            f"เนื้อหาของไฟล์ “{name}” ไม่ใช่ไฟล์ {extension[1:].upper()} จริง (ไฟล์อาจเสียหายหรือถูกเปลี่ยนนามสกุล) "
            f"รับเฉพาะ {ALLOWED_TEXT}",
            code="content_mismatch",
        )
    return Checked(extension=".jpg" if extension == ".jpeg" else extension, content_type=MIME[extension])
