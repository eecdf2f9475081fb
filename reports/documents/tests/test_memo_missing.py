"""Before the memo is printed, the document pages list what it lacks, each with a link to fix it."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, UserFactory
from reports.documents import memo_texts_save
from reports.documents.emblem import GARUDA_UPLOAD, PROFILE, garuda_upload, memo_missing
from reports.documents.pdf.typeset import untypeset
from reports.models import SiteEmblem

pytestmark = pytest.mark.django_db

COMPLETE = {
    "letter_code": "อจ ๗๑๙๐๑",
    "head_name": "นางศิริพร จันทร์เกิน",
    "head_position": "หัวหน้าสำนักปลัด",
    "clerk_name": "นายเอกเทพ เอกทัตร์",
    "clerk_position": "ปลัดองค์การบริหารส่วนตำบลจานลาน",
    "mayor_name": "นายสมหมาย ศิริอนันต์",
    "mayor_position": "นายกองค์การบริหารส่วนตำบลจานลาน",
}


def test_everything_missing_in_the_memos_order():
    org = OrganisationFactory.build()
    missing = memo_missing(org, None)
    assert [name for _, name in missing] == [GARUDA_UPLOAD] + [PROFILE] * 7
    labels = [label for label, _ in missing]
    assert labels[0].startswith("ตราครุฑ") and labels[1].startswith("รหัสหนังสือ")
    assert labels[2:4] == ["ชื่อผู้ลงนาม (หัวหน้าสำนักปลัด)", "ตำแหน่งผู้ลงนาม (หัวหน้าสำนักปลัด)"]
    assert "ชื่อผู้สั่งการ (นายก)" in labels


def test_nothing_missing_when_profile_and_garuda_are_there():
    org = OrganisationFactory.build(**COMPLETE)
    site = SiteEmblem(pk=1, garuda="logos/site/g.png")
    assert memo_missing(org, site) == []
    assert memo_missing(org, SiteEmblem(pk=1)) == [memo_missing(org, None)[0]]  # a row without a file


def test_blank_spaces_count_as_missing_and_the_memos_own_texts_count_as_present():
    org = OrganisationFactory.build(**{**COMPLETE, "mayor_name": "   ", "letter_code": ""})
    site = SiteEmblem(pk=1, garuda="logos/site/g.png")
    assert [label for label, _ in memo_missing(org, site)] == [
        "รหัสหนังสือ (ช่อง “ที่”)",
        "ชื่อผู้สั่งการ (นายก)",
    ]
    typed = {"order_name": "นายสมหมาย ศิริอนันต์", "number": "อจ ๗๑๙๐๑/๑๒"}
    assert memo_missing(org, site, typed) == []
    assert len(memo_missing(org, site, {"number": "/"})) == 2  # the draft's bare "/" is no code


def _png():
    out = io.BytesIO()
    Image.new("RGB", (60, 60), "black").save(out, "PNG")
    out.seek(0)
    return out


def test_pages_list_what_is_missing_with_links(client, media_root):
    org = OrganisationFactory(**{**COMPLETE, "clerk_name": ""})
    client.force_login(UserFactory(organisation=org, role=Role.STAFF))
    profile = reverse("org:profile", kwargs={"org": org.slug})
    memo = client.get(reverse("reports:document", kwargs={"org": org.slug, "year": 2567, "kind": "memo"}))
    index = client.get(reverse("reports:index", kwargs={"org": org.slug}))
    annual = client.get(
        reverse("reports:document", kwargs={"org": org.slug, "year": 2567, "kind": "annual"}) + "?memo=1"
    )
    for page in (memo, index, annual):
        body = untypeset(page.content.decode())
        assert "ก่อนพิมพ์บันทึกข้อความ ยังขาด" in body
        assert "ชื่อผู้ให้ความเห็น (ปลัด)" in body and f'href="{profile}"' in body
        # Staff cannot upload the Garuda: they are told to ask; a system administrator gets the link.
        assert "ตราครุฑ" in body and "แจ้งผู้ดูแลระบบให้อัปโหลด" in body
        assert f'href="{reverse("site_garuda")}"' not in body
    client.force_login(UserFactory(role=Role.ADMIN, organisation=None))
    for name, kwargs in (("reports:index", {}), ("reports:document", {"year": 2567, "kind": "memo"})):
        body = client.get(reverse(name, kwargs={"org": org.slug, **kwargs})).content.decode()
        assert f'href="{reverse("site_garuda")}"' in body
    client.force_login(UserFactory(organisation=org, role=Role.EXECUTIVE))  # reads, may not edit
    body = client.get(reverse("reports:index", kwargs={"org": org.slug})).content.decode()
    assert "แจ้งเจ้าหน้าที่ของหน่วยงานให้แก้ไข" in body and f'href="{profile}"' not in body
    client.force_login(UserFactory(organisation=org, role=Role.STAFF))
    # Typed into this year's memo, uploaded by the administrator: nothing is missing any more.
    texts = {"opinion_name": "นายเอกเทพ เอกทัตร์"}
    memo_texts_save(organisation=org, fiscal_year=2567, texts=texts, actor=None)
    garuda_upload(file=_png(), actor=UserFactory(role=Role.ADMIN, organisation=None))
    memo = client.get(reverse("reports:document", kwargs={"org": org.slug, "year": 2567, "kind": "memo"}))
    assert "ก่อนพิมพ์บันทึกข้อความ ยังขาด" not in memo.content.decode()
    # The PDF never carries the list.
    from reports.documents import DOCUMENTS, document_context
    from reports.documents.pdf import render_html

    org.clerk_name = ""
    html = render_html(
        DOCUMENTS["memo"].template, document_context(organisation=org, fiscal_year=2566, kind="memo")
    )
    assert "ยังขาด" not in html
