"""Forgotten password: Django's reset views with Thai pages and a Thai e-mail, linked from the login page."""

import re

import pytest
from django.core import mail

from ita_portal.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_login_page_links_to_reset_and_to_invitation_codes(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/password/reset/"' in html and "ลืมรหัสผ่าน" in html
    assert 'href="/accounts/invite/"' in html


def test_reset_by_email_in_thai_end_to_end(client):
    user = UserFactory(email="clerk@example.go.th", first_name="สมใจ")
    page = client.get("/accounts/password/reset/")
    assert "ลืมรหัสผ่าน" in page.content.decode()
    response = client.post("/accounts/password/reset/", {"email": "clerk@example.go.th"})
    assert response.status_code == 302
    assert "โปรดตรวจสอบอีเมล" in client.get(response["Location"]).content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "ตั้งรหัสผ่านใหม่สำหรับ ITA Portal"
    assert "เรียน สมใจ" in message.body and user.username in message.body
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "ตั้งรหัสผ่านใหม่" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "ข้าวเหนียว-มะม่วง-9", "new_password2": "ข้าวเหนียว-มะม่วง-9"},
    )
    assert done.status_code == 302
    assert "ตั้งรหัสผ่านใหม่แล้ว" in client.get(done["Location"]).content.decode()
    user.refresh_from_db()
    assert user.check_password("ข้าวเหนียว-มะม่วง-9")


def test_a_used_reset_link_says_so_in_thai(client):
    UserFactory(email="clerk@example.go.th")
    client.post("/accounts/password/reset/", {"email": "clerk@example.go.th"})
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    page = client.get(link, follow=True)
    client.post(
        page.redirect_chain[-1][0], {"new_password1": "ลำไย-2569-xyz", "new_password2": "ลำไย-2569-xyz"}
    )
    again = client.get(link, follow=True)
    assert "ลิงก์นี้ใช้ไม่ได้" in again.content.decode()


def test_unknown_address_sends_nothing_and_reveals_nothing(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.go.th"})
    assert response.status_code == 302 and mail.outbox == []


def test_reset_password_rules_speak_thai(client):
    UserFactory(email="clerk@example.go.th")
    client.post("/accounts/password/reset/", {"email": "clerk@example.go.th"})
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    page = client.get(link, follow=True)
    refused = client.post(page.redirect_chain[-1][0], {"new_password1": "1234", "new_password2": "5678"})
    html = refused.content.decode()
    assert "รหัสผ่านทั้งสองช่องไม่ตรงกัน" in html and "didn" not in html
