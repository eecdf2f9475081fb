"""The project's Thai catalogue (locale/th): the Django, admin, django-axes and simple-history strings the
portal shows that Django's own th catalogues leave in English. Compiled with babel (`make messages`)."""

import gettext
import io
import re

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse

from ita_portal.tests.factories import OrgUnitFactory, UserFactory

LC_MESSAGES = settings.BASE_DIR / "locale" / "th" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sdr]|\{\w*\}")


def catalogue():
    with open(LC_MESSAGES / "django.po", "rb") as po:
        return read_po(po)


def english_texts():
    """The English msgids worth looking for in a page: no placeholders, at least two words."""
    for message in catalogue():
        for msgid in message.id if isinstance(message.id, tuple) else (message.id,):
            if msgid and not PLACEHOLDER.search(msgid) and " " in msgid and "<" not in msgid:
                yield msgid


def leftover_english(body: str) -> list[str]:
    body = body.replace("&#x27;", "'").replace("&quot;", '"')
    return sorted(text for text in english_texts() if text in body)


def test_the_compiled_mo_is_up_to_date_with_the_po():
    compiled = io.BytesIO()
    write_mo(compiled, catalogue())
    compiled.seek(0)
    fresh = gettext.GNUTranslations(compiled)
    with open(LC_MESSAGES / "django.mo", "rb") as mo:
        committed = gettext.GNUTranslations(mo)
    assert committed._catalog == fresh._catalog, (
        "run `make messages` and commit locale/th/LC_MESSAGES/django.mo"
    )
    assert settings.LOCALE_PATHS == [settings.BASE_DIR / "locale"]


def test_every_entry_is_translated_with_its_placeholders():
    for message in catalogue():
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            assert string and string != msgid, msgid
            # a named placeholder may be left out of the Thai; none may be added, and positional ones stay
            assert set(PLACEHOLDER.findall(string)) <= set(PLACEHOLDER.findall(msgid)), msgid
            positional = re.compile(r"%[sdr]|\{\}")
            assert len(positional.findall(string)) == len(positional.findall(msgid)), msgid
        assert not message.fuzzy, msgid


@pytest.mark.django_db
def test_password_change_page_is_thai(client):
    client.force_login(UserFactory(first_name="สมชาย"))
    page = client.get(reverse("password_change")).content.decode()
    assert "รหัสผ่านต้องไม่เป็นตัวเลขทั้งหมด" in page and "รหัสผ่านต้องไม่ใช่รหัสผ่านที่ใช้กันทั่วไป" in page
    assert leftover_english(page) == []

    refused = client.post(
        reverse("password_change"),
        {"old_password": "pass-1234", "new_password1": "12345", "new_password2": "12345"},
    ).content.decode()
    assert "รหัสผ่านสั้นเกินไป ต้องมีอย่างน้อย 8 ตัวอักษร" in refused
    assert "รหัสผ่านนี้เป็นตัวเลขทั้งหมด" in refused and "รหัสผ่านนี้ใช้กันทั่วไปจนเดาได้ง่าย" in refused
    assert leftover_english(refused) == []

    mismatch = client.post(
        reverse("password_change"),
        {"old_password": "pass-1234", "new_password1": "ต้นมะม่วง-2569", "new_password2": "ต้นมะม่วง-2570"},
    ).content.decode()
    assert "รหัสผ่านทั้งสองช่องไม่ตรงกัน" in mismatch


@pytest.mark.django_db
def test_admin_login_is_thai(client):
    page = client.get(reverse("admin:login")).content.decode()
    assert "ข้ามไปยังเนื้อหาหลัก" in page  # "Skip to main content"
    assert leftover_english(page) == []


@pytest.mark.django_db
def test_admin_pages_are_thai(admin_client):
    unit = OrgUnitFactory()
    user = UserFactory(organisation=unit.organisation)
    pages = {
        "index": reverse("admin:index"),
        "add user": reverse("admin:ita_portal_user_add"),
        "change user": reverse("admin:ita_portal_user_change", args=[user.pk]),
        "user password": reverse("admin:auth_user_password_change", args=[user.pk]),
        "users": reverse("admin:ita_portal_user_changelist"),
        "sign-in attempts": reverse("admin:axes_accessattempt_changelist"),
        "sign-in log": reverse("admin:axes_accesslog_changelist"),
        "history": reverse("admin:ita_portal_user_history", args=[user.pk]),
    }
    for name, url in pages.items():
        response = admin_client.get(url)
        assert response.status_code == 200, name
        body = response.content.decode()
        assert leftover_english(body) == [], name
        assert not re.search(r"Can (add|change|delete|view) ", body), name  # permission names
    index = admin_client.get(pages["index"]).content.decode()
    assert "การเข้าสู่ระบบ (ล็อกเมื่อใส่รหัสผ่านผิด)" in index and ">Axes<" not in index
    add_page = admin_client.get(pages["add user"]).content.decode()
    assert "การเข้าสู่ระบบด้วยรหัสผ่าน" in add_page
    change_page = admin_client.get(pages["change user"]).content.decode()
    assert "ข้อมูลหน่วยงาน | หน่วยงาน | แก้ไขหน่วยงาน" in change_page


@pytest.mark.django_db
def test_admin_messages_are_thai(admin_client):
    from ita_portal.models import Organisation

    organisation = UserFactory().organisation
    response = admin_client.post(
        reverse("admin:ita_portal_organisation_change", args=[organisation.pk]),
        {
            **{f: organisation.serializable_value(f) or "" for f in Organisation.PROFILE_FIELDS},
            "slug": organisation.slug,
            "website": "",
            "units-TOTAL_FORMS": "0",
            "units-INITIAL_FORMS": "0",
            "units-MIN_NUM_FORMS": "0",
            "units-MAX_NUM_FORMS": "1000",
        },
        follow=True,
    )
    messages = [re.sub(r"<[^>]+>", "", str(m)) for m in response.context["messages"]]
    assert messages == [f"แก้ไขหน่วยงาน “{organisation}” เรียบร้อยแล้ว"]


@pytest.mark.django_db
def test_the_400_page_is_thai(client, settings):
    settings.DEBUG = False
    response = client.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    body = response.content.decode()
    assert "คำขอไม่ถูกต้อง" in body and 'lang="th"' in body
    assert "Bad Request" not in body
