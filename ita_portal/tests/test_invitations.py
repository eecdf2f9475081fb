"""Invitations: a one-time code, 14 days, only its hash stored; accepting sets the person's own password
and signs them in; a newer invitation or a revoke closes the older one; e-mail in Thai."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from ita_portal.invitations import (
    INVITATION_DAYS,
    InvitationUnusable,
    code_hash,
    code_normalise,
    invitation_accept,
    invitation_create,
    invitation_revoke,
    user_create_invited,
)
from ita_portal.models import Invitation
from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "ไม้ยมก-2569-ok"


@pytest.fixture
def organisation():
    return OrganisationFactory(slug="ban-test", name="องค์การบริหารส่วนตำบลบ้านทดสอบ")


@pytest.fixture
def manager(organisation):
    return UserFactory(organisation=organisation, role=Role.STAFF, can_manage_members=True)


def invited(organisation, manager, email="somsri@example.go.th"):
    return user_create_invited(
        organisation=organisation, first_name="สมศรี", last_name="ใจดี", email=email, actor=manager
    )


def test_invited_user_cannot_sign_in_until_accepting(client, organisation, manager):
    user = invited(organisation, manager)
    assert not user.is_active and not user.has_usable_password()
    assert user.username == "somsri@example.go.th"
    assert not client.login(username=user.username, password="")


def test_only_a_hash_of_the_code_is_stored(organisation, manager):
    invitation = invitation_create(user=invited(organisation, manager), actor=manager, send=False)
    code = invitation.code
    stored = Invitation.objects.get(pk=invitation.pk)
    assert stored.token_hash == code_hash(code) and code not in stored.token_hash
    assert code.replace("-", "") not in str(Invitation.objects.values().get(pk=invitation.pk))
    assert stored.expires_at - stored.created_at == pytest.approx(
        timedelta(days=INVITATION_DAYS), abs=timedelta(seconds=5)
    )


def test_code_typed_in_lower_case_without_dashes_still_matches():
    assert code_normalise("k7qm 3xta-pw9chn4e") == "K7QM-3XTA-PW9C-HN4E"


def test_accept_page_sets_own_password_and_signs_in(client, organisation, manager):
    invitation = invitation_create(user=invited(organisation, manager), actor=manager, send=False)
    page = client.get(f"/accounts/invite/{invitation.code}/")
    assert page.status_code == 200 and "somsri@example.go.th" in page.content.decode()
    response = client.post(
        f"/accounts/invite/{invitation.code}/", {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == f"/o/{organisation.slug}/"
    user = invitation.user
    user.refresh_from_db()
    assert user.is_active and user.check_password(PASSWORD)
    assert client.get(f"/o/{organisation.slug}/").status_code == 200  # signed in
    assert user.history.first().history_change_reason == "ตอบรับคำเชิญและตั้งรหัสผ่าน"


def test_password_validators_apply(client, organisation, manager):
    invitation = invitation_create(user=invited(organisation, manager), actor=manager, send=False)
    response = client.post(
        f"/accounts/invite/{invitation.code}/", {"new_password1": "12345678", "new_password2": "12345678"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "รหัสผ่านต้องไม่เป็นตัวเลขทั้งหมด" in html and "entirely numeric" not in html
    invitation.user.refresh_from_db()
    assert not invitation.user.is_active


def test_invitation_works_once(client, organisation, manager):
    invitation = invitation_create(user=invited(organisation, manager), actor=manager, send=False)
    invitation_accept(code=invitation.code, password=PASSWORD)
    with pytest.raises(InvitationUnusable, match="ใช้ไปแล้ว"):
        invitation_accept(code=invitation.code, password="another-password-9")
    client.logout()
    response = client.get(f"/accounts/invite/{invitation.code}/")
    assert response.status_code == 410 and "ใช้ไปแล้ว" in response.content.decode()


def test_expired_invitation_is_refused(client, organisation, manager):
    invitation = invitation_create(user=invited(organisation, manager), actor=manager, send=False)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post(
        f"/accounts/invite/{invitation.code}/", {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert response.status_code == 410 and "หมดอายุ" in response.content.decode()
    invitation.user.refresh_from_db()
    assert not invitation.user.is_active


def test_revoked_and_superseded_invitations_are_refused(client, organisation, manager):
    user = invited(organisation, manager)
    first = invitation_create(user=user, actor=manager, send=False)
    second = invitation_create(user=user, actor=manager, send=False)
    assert client.get(f"/accounts/invite/{first.code}/").status_code == 410
    invitation_revoke(invitation=second, actor=manager)
    response = client.get(f"/accounts/invite/{second.code}/")
    assert response.status_code == 410 and "ยกเลิก" in response.content.decode()
    assert client.get("/accounts/invite/AAAA-BBBB-CCCC-DDDD/").status_code == 404


def test_invitation_is_mailed_in_thai_after_commit(organisation, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(
            user=invited(organisation, manager), actor=manager, base_url="https://ita.example.go.th/"
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["somsri@example.go.th"]
    assert "คำเชิญ" in message.subject and organisation.name in message.subject
    assert f"https://ita.example.go.th/accounts/invite/{invitation.code}/" in message.body
    assert "๑๔" in message.body or "14 วัน" in message.body


def test_no_mail_without_an_address(organisation, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(user=invited(organisation, manager, email=""), actor=manager)
    assert mail.outbox == []


def test_code_entry_page_leads_to_the_accept_page(client, organisation, manager):
    invitation = invitation_create(user=invited(organisation, manager, email=""), actor=manager, send=False)
    response = client.post("/accounts/invite/", {"code": invitation.code.lower().replace("-", " ")})
    assert response.status_code == 302 and response["Location"] == f"/accounts/invite/{invitation.code}/"
    assert invitation.user.username == "ban-test-1"


def test_invitation_history_names_the_actor(organisation, manager):
    invitation = invitation_create(user=invited(organisation, manager), actor=manager, send=False)
    invitation_revoke(invitation=invitation, actor=manager)
    assert invitation.history.first().history_user == manager
    assert invitation.user.history.first().history_user == manager


def test_signing_in_leaves_no_history_row(client, organisation):
    user = UserFactory(organisation=organisation)
    before = user.history.count()
    assert client.login(username=user.username, password="pass-1234")
    user.refresh_from_db()
    assert user.last_login is not None and user.history.count() == before


def test_html_mail_escapes_the_name(organisation, manager, django_capture_on_commit_callbacks):
    user = user_create_invited(
        organisation=organisation, first_name="<b>x</b>", email="x@example.go.th", actor=manager
    )
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(user=user, actor=manager)
    html = mail.outbox[0].alternatives[0][0]
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html


@pytest.mark.parametrize(
    "typed", ["abc/def", "K7QM-3XTA", "K7QM-3XTA-PW9C-HN4E-AAAA", "ก" * 16, "O0O0-1I1I-SSSS-ZZZZ"]
)
def test_a_malformed_code_is_refused_in_thai(client, typed):
    response = client.post("/accounts/invite/", {"code": typed})
    assert response.status_code == 200 and "รหัสเชิญมี 16 ตัว" in response.content.decode()
