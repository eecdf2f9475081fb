"""The site-wide ครุฑ of the memo: its upload (checked by content), where documents find it, and what a
memo still lacks before it can be printed and signed.

The Garuda is one image for the whole portal (ita-framework.md §5: 1.5 cm high, top left of the
บันทึกข้อความ), uploaded once by a system administrator; it is not the organisation's own logo."""

from __future__ import annotations

import io
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image, UnidentifiedImageError

from ita_portal import changes
from ita_portal.concurrency import check_and_bump
from ita_portal.permissions import can_edit_organisation, can_manage_site

from ..models import SiteEmblem

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 4000  # pixels; a Garuda printed 1.5 cm high needs a few hundred
FORMATS = {"PNG": ".png", "JPEG": ".jpg"}
NOT_AN_IMAGE = "ไฟล์ตราครุฑต้องเป็นรูปภาพ PNG หรือ JPEG ที่เปิดได้ ไฟล์นี้ไม่ใช่รูปภาพดังกล่าวหรือเสียหาย"


def checked_image(data: bytes) -> str:
    """The file extension for `data` when it is a whole PNG or JPEG image of sane size, judged by its
    content (Pillow), never by its name; ValidationError (Thai) otherwise."""
    if len(data) > MAX_BYTES:
        raise ValidationError("ไฟล์ตราครุฑต้องไม่เกิน 2 MB")
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            width, height = image.size
            if kind not in FORMATS:
                raise ValidationError(NOT_AN_IMAGE)
            if width > MAX_SIDE or height > MAX_SIDE or width < 16 or height < 16:
                raise ValidationError(f"ขนาดรูปตราครุฑต้องอยู่ระหว่าง 16 ถึง {MAX_SIDE} จุดต่อด้าน")
            image.verify()  # the whole file, not only its header
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # truncated pixel data shows only when decoded
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(NOT_AN_IMAGE) from None
    return FORMATS[kind]


@changes.write
def garuda_upload(*, file, actor) -> SiteEmblem:
    """Store a new site-wide Garuda (a file-like upload), with `actor` in the history. Only system
    administrators may (PermissionDenied); the image is checked by its content (ValidationError)."""
    if not can_manage_site(actor):
        raise PermissionDenied("เฉพาะผู้ดูแลระบบเท่านั้นที่อัปโหลดตราครุฑได้")
    data = file.read(MAX_BYTES + 1)
    extension = checked_image(data)
    row = SiteEmblem.objects.select_for_update().filter(pk=SiteEmblem.SINGLETON_PK).first()
    if row is None:
        row = SiteEmblem(pk=SiteEmblem.SINGLETON_PK)
    else:
        check_and_bump(row, None)
    # A new name each time: the history keeps pointing at the image it recorded.
    row.garuda.save(f"garuda-{uuid.uuid4().hex[:12]}{extension}", ContentFile(data), save=False)
    row._history_user = actor
    row.save()
    changes.site_changed(actor=actor, what="garuda")  # printed on every organisation's memo
    return row


def garuda_urls(emblem: SiteEmblem | None) -> dict:
    """Where documents find the Garuda: `pdf` (MEDIA_URL path the PDF renderer resolves locally) and
    `screen` (the view that serves it to signed-in browsers; media is never served directly). Both
    empty until it is uploaded."""
    if emblem is None or not emblem.garuda:
        return {"pdf": "", "screen": ""}
    return {"pdf": emblem.garuda.url, "screen": f"{reverse('site_garuda_image')}?v={emblem.version}"}


# What a memo needs before it is printed and signed: (label, the memo text key that holds it).
SIGNATURES = [
    ("ชื่อผู้ลงนาม (หัวหน้าสำนักปลัด)", "signer_name", "head_name"),
    ("ตำแหน่งผู้ลงนาม (หัวหน้าสำนักปลัด)", "signer_position", "head_position"),
    ("ชื่อผู้ให้ความเห็น (ปลัด)", "opinion_name", "clerk_name"),
    ("ตำแหน่งผู้ให้ความเห็น (ปลัด)", "opinion_position", "clerk_position"),
    ("ชื่อผู้สั่งการ (นายก)", "order_name", "mayor_name"),
    ("ตำแหน่งผู้สั่งการ (นายก)", "order_position", "mayor_position"),
]
PROFILE = "org:profile"
GARUDA_UPLOAD = "site_garuda"


def memo_missing(organisation, site: SiteEmblem | None, texts: dict | None = None) -> list[tuple[str, str]]:
    """What the memo still lacks, as (Thai label, URL name of the page that fixes it), in the memo's
    order: the Garuda, the letter code (ที่), then each signature's name and position. A name or
    position counts when the organisation's profile has it, or when `texts` (the memo's own texts, as
    saved over the draft) does."""
    texts = texts or {}
    missing = []
    if site is None or not site.garuda:
        missing.append(("ตราครุฑ (ผู้ดูแลระบบอัปโหลดครั้งเดียวใช้ทั้งระบบ)", GARUDA_UPLOAD))
    if not (organisation.letter_code or "").strip() and not (texts.get("number") or "").strip(" /"):
        missing.append(("รหัสหนังสือ (ช่อง “ที่”)", PROFILE))
    for label, text_key, profile_field in SIGNATURES:
        value = texts.get(text_key) or getattr(organisation, profile_field, "")
        if not (value or "").strip():
            missing.append((label, PROFILE))
    return missing


ASK = {PROFILE: "แจ้งเจ้าหน้าที่ของหน่วยงานให้แก้ไข", GARUDA_UPLOAD: "แจ้งผู้ดูแลระบบให้อัปโหลด"}
FIX_TEXTS = {PROFILE: "แก้ไขข้อมูลหน่วยงาน", GARUDA_UPLOAD: "อัปโหลดตราครุฑ (ผู้ดูแลระบบ)"}


def missing_links(organisation, missing: list[tuple[str, str]], *, user=None) -> list[dict]:
    """memo_missing's items with the URL of the page that fixes each (for the document pages), linked
    only for a `user` who may open that page (the profile: the organisation's editors; the Garuda:
    system administrators); others are told whom to ask."""
    urls = {PROFILE: "", GARUDA_UPLOAD: ""}
    if user is not None and can_edit_organisation(user, organisation):
        urls[PROFILE] = reverse(PROFILE, kwargs={"org": organisation.slug})
    if user is not None and can_manage_site(user):
        urls[GARUDA_UPLOAD] = reverse(GARUDA_UPLOAD)
    return [
        {"label": label, "url": urls[name], "fix": FIX_TEXTS[name] if urls[name] else ASK[name]}
        for label, name in missing
    ]
