"""/o/<org>/members/: who may open it (role × own/other organisation), and the members rules: nobody
changes their own role or deactivates themselves, the last member manager stays, every change in history."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ita_portal.members import (
    LAST_MANAGER_REFUSED,
    SELF_REFUSED,
    member_deactivate,
    member_invite,
    member_reinvite,
    member_update,
)
from ita_portal.models import Invitation, User
from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return OrganisationFactory(slug="mine", province="มหาสารคาม")


@pytest.fixture
def other_org():
    return OrganisationFactory(slug="elsewhere", province="มหาสารคาม")


@pytest.fixture
def unit(org):
    return OrgUnitFactory(organisation=org, name="กองคลัง")


@pytest.fixture
def manager(org):
    return UserFactory(organisation=org, role=Role.STAFF, can_manage_members=True, first_name="ผู้ดูแล")


@pytest.fixture
def colleague(org):
    return UserFactory(organisation=org, role=Role.STAFF, first_name="เพื่อนร่วมงาน")


VIEWS = ["members", "member_invite", "member_edit", "member_deactivate"]


def url(view, org, member):
    kwargs = {"org": org.slug}
    if view in {"member_edit", "member_deactivate", "member_reinvite"}:
        kwargs["pk"] = member.pk
    return reverse(f"org:{view}", kwargs=kwargs)


def make(role, org, unit=None, **extra):
    if role == "admin":
        return UserFactory(role=Role.ADMIN, organisation=None, is_superuser=True, is_staff=True)
    if role == Role.SUPERVISOR:
        return UserFactory(role=role, organisation=None, supervised_province=org.province)
    return UserFactory(role=role, organisation=org, unit=unit if role == Role.UNIT_STAFF else None, **extra)


# Own organisation: only the member manager (and a system administrator) gets in; everyone else who
# can see the organisation gets the Thai 403.
ROLES = [
    ("manager", 200),
    ("admin", 200),
    (Role.STAFF, 403),
    (Role.UNIT_STAFF, 403),
    (Role.EXECUTIVE, 403),
    (Role.SUPERVISOR, 403),
]


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize(("role", "expected"), ROLES)
def test_own_organisation(client, org, unit, colleague, role, expected, view):
    user = make(Role.STAFF, org, can_manage_members=True) if role == "manager" else make(role, org, unit=unit)
    client.force_login(user)
    response = client.get(url(view, org, colleague))
    assert response.status_code == expected
    if expected == 403:
        assert "ดูแลผู้ใช้ของหน่วยงาน" in response.content.decode()


@pytest.mark.parametrize("view", [*VIEWS, "member_reinvite"])
@pytest.mark.parametrize("role", [Role.STAFF, Role.UNIT_STAFF, Role.EXECUTIVE])
def test_another_organisations_members_are_not_found(client, org, other_org, role, view):
    """A member manager of `org` (or anyone of it) on `other_org`'s member URLs gets 404."""
    client.force_login(
        make(role, org, unit=OrgUnitFactory(organisation=org), can_manage_members=role == Role.STAFF)
    )
    stranger = UserFactory(organisation=other_org)
    method = client.post if view == "member_reinvite" else client.get
    assert method(url(view, other_org, stranger)).status_code == 404


@pytest.mark.parametrize("view", ["member_edit", "member_deactivate", "member_reinvite"])
def test_another_organisations_member_under_own_slug_is_not_found(client, org, other_org, manager, view):
    client.force_login(manager)
    stranger = UserFactory(organisation=other_org)
    method = client.post if view == "member_reinvite" else client.get
    assert method(url(view, org, stranger)).status_code == 404
    assert not Invitation.objects.filter(user=stranger).exists()


def test_supervisor_outside_the_province_gets_404(client, org):
    client.force_login(UserFactory(role=Role.SUPERVISOR, organisation=None, supervised_province="ลพบุรี"))
    assert client.get(url("members", org, None)).status_code == 404


def test_anonymous_is_sent_to_login(client, org):
    response = client.get(url("members", org, None))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_list_shows_members_status_and_not_other_organisations(client, org, other_org, manager, colleague):
    UserFactory(organisation=other_org, first_name="คนนอก")
    member_invite(organisation=org, first_name="รอตอบ", email="", actor=manager)
    client.force_login(manager)
    html = client.get(url("members", org, None)).content.decode()
    assert "เพื่อนร่วมงาน" in html and "รอตอบรับคำเชิญ" in html and "คนนอก" not in html
    assert "พิมพ์ใบรหัสเชิญ (1 คน)" in html


def test_invite_through_the_page_mails_a_link(client, org, unit, manager, django_capture_on_commit_callbacks):
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("member_invite", org, None),
            {
                "first_name": "สมชาย",
                "last_name": "ขยัน",
                "email": "somchai@example.go.th",
                "role": Role.UNIT_STAFF,
                "unit": unit.pk,
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="somchai@example.go.th")
    assert (user.organisation, user.role, user.unit, user.is_active) == (org, Role.UNIT_STAFF, unit, False)
    assert len(mail.outbox) == 1 and "/accounts/invite/" in mail.outbox[0].body
    assert user.history.first().history_user == manager


def test_invite_form_offers_only_this_organisations_units(client, org, other_org, unit, manager):
    OrgUnitFactory(organisation=other_org, name="กองของที่อื่น")
    client.force_login(manager)
    html = client.get(url("member_invite", org, None)).content.decode()
    assert "กองคลัง" in html and "กองของที่อื่น" not in html


def test_unit_staff_needs_a_unit(client, org, manager):
    client.force_login(manager)
    response = client.post(url("member_invite", org, None), {"first_name": "ก", "role": Role.UNIT_STAFF})
    assert response.status_code == 200 and "ต้องระบุกอง/งาน" in response.content.decode()
    assert not User.objects.filter(first_name="ก").exists()


def test_set_role_and_grant_manager_with_history(org, unit, manager, colleague):
    member_update(
        member=colleague, organisation=org, role=Role.STAFF, unit=None, can_manage_members=True, actor=manager
    )
    colleague.refresh_from_db()
    assert colleague.can_manage_members
    member_update(
        member=colleague,
        organisation=org,
        role=Role.UNIT_STAFF,
        unit=unit,
        can_manage_members=False,
        actor=manager,
    )
    colleague.refresh_from_db()
    assert (colleague.role, colleague.unit, colleague.can_manage_members) == (Role.UNIT_STAFF, unit, False)
    latest = colleague.history.first()
    assert latest.history_user == manager and latest.role == Role.UNIT_STAFF


def test_manager_flag_is_dropped_on_a_non_staff_role(org, manager, colleague):
    member_update(
        member=colleague,
        organisation=org,
        role=Role.EXECUTIVE,
        unit=None,
        can_manage_members=True,
        actor=manager,
    )
    colleague.refresh_from_db()
    assert colleague.role == Role.EXECUTIVE and not colleague.can_manage_members


def test_nobody_changes_their_own_role(client, org, manager, colleague):
    member_update(
        member=colleague, organisation=org, role=Role.STAFF, unit=None, can_manage_members=True, actor=manager
    )
    with pytest.raises(ValidationError, match="ของตนเอง"):
        member_update(
            member=manager,
            organisation=org,
            role=Role.EXECUTIVE,
            unit=None,
            can_manage_members=False,
            actor=manager,
        )
    with pytest.raises(ValidationError, match="ของตนเอง"):
        member_deactivate(member=manager, organisation=org, actor=manager)
    client.force_login(manager)
    response = client.post(url("member_edit", org, manager), {"role": Role.EXECUTIVE})
    assert SELF_REFUSED in response.content.decode()
    manager.refresh_from_db()
    assert manager.role == Role.STAFF and manager.is_active


@pytest.mark.parametrize("change", ["withdraw", "role", "deactivate"])
def test_the_last_member_manager_cannot_be_removed(client, org, manager, change):
    """An administrator removing the only manager is refused, in Thai; with a second manager it works."""
    admin = make("admin", org)

    def remove():
        if change == "deactivate":
            return member_deactivate(member=manager, organisation=org, actor=admin)
        role = Role.EXECUTIVE if change == "role" else Role.STAFF
        return member_update(
            member=manager, organisation=org, role=role, unit=None, can_manage_members=False, actor=admin
        )

    with pytest.raises(ValidationError) as refused:
        remove()
    assert refused.value.messages == [LAST_MANAGER_REFUSED]
    manager.refresh_from_db()
    assert manager.manages_members
    UserFactory(organisation=org, role=Role.STAFF, can_manage_members=True)
    remove()
    manager.refresh_from_db()
    assert not manager.manages_members


def test_an_inactive_manager_does_not_count(org, manager):
    UserFactory(organisation=org, role=Role.STAFF, can_manage_members=True, is_active=False)
    with pytest.raises(ValidationError):
        member_deactivate(member=manager, organisation=org, actor=make("admin", org))


def test_deactivate_through_the_confirmation_page(client, org, manager, colleague):
    invitation = member_reinvite(member=colleague, organisation=org, actor=manager)
    client.force_login(manager)
    page = client.get(url("member_deactivate", org, colleague))
    assert "ยืนยันการปิดการใช้งาน" in page.content.decode()
    assert client.post(url("member_deactivate", org, colleague)).status_code == 302
    colleague.refresh_from_db()
    invitation.refresh_from_db()
    assert not colleague.is_active and invitation.revoked_at is not None
    assert colleague.history.first().history_change_reason == "ปิดการใช้งานบัญชี"


def test_a_new_invitation_instead_of_a_password(client, org, manager, colleague):
    client.force_login(manager)
    assert client.post(url("member_reinvite", org, colleague)).status_code == 302
    first = Invitation.objects.get(user=colleague)
    client.post(url("member_reinvite", org, colleague))
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert Invitation.objects.filter(user=colleague, revoked_at=None).count() == 1
    colleague.refresh_from_db()
    assert colleague.check_password("pass-1234")  # the old password works until the new one is set


def test_revoke_button(client, org, manager, colleague):
    invitation = member_reinvite(member=colleague, organisation=org, actor=manager)
    client.force_login(manager)
    revoke = reverse(
        "org:invitation_revoke", kwargs={"org": org.slug, "pk": colleague.pk, "invitation": invitation.pk}
    )
    assert client.post(revoke).status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_services_refuse_who_may_not_manage(org, other_org, colleague):
    with pytest.raises(PermissionDenied):
        member_invite(organisation=org, first_name="x", actor=colleague)
    outsider_manager = UserFactory(organisation=other_org, can_manage_members=True)
    with pytest.raises(PermissionDenied):
        member_deactivate(member=colleague, organisation=org, actor=outsider_manager)


def test_invitation_sheet_pdf_for_members_without_email(client, org, manager):
    import pypdfium2

    member_invite(organisation=org, first_name="ไม่มีอีเมล", email="", actor=manager)
    member_invite(organisation=org, first_name="มีอีเมล", email="a@example.go.th", actor=manager)
    before = Invitation.objects.get(user__first_name="ไม่มีอีเมล")
    client.force_login(manager)
    response = client.post(reverse("reports:invitation_sheet", kwargs={"org": org.slug}))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = "".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(response.content))
    assert "ไม่มีอีเมล" in text and "มีอีเมล" not in text.replace("ไม่มีอีเมล", "")
    before.refresh_from_db()
    assert before.revoked_at is not None  # the sheet issued a fresh code
    fresh = Invitation.objects.get(user__first_name="ไม่มีอีเมล", revoked_at=None)
    assert fresh.token_hash != before.token_hash


@pytest.mark.parametrize("role", [Role.STAFF, Role.EXECUTIVE])
def test_invitation_sheet_refused_to_non_managers(client, org, role):
    client.force_login(make(role, org))
    assert client.post(reverse("reports:invitation_sheet", kwargs={"org": org.slug})).status_code == 403
    assert client.get(reverse("reports:invitation_sheet", kwargs={"org": org.slug})).status_code in (403, 405)


def test_invitation_sheet_of_another_organisation_is_not_found(client, org, other_org):
    client.force_login(make(Role.STAFF, org, can_manage_members=True))
    assert client.post(reverse("reports:invitation_sheet", kwargs={"org": other_org.slug})).status_code == 404


def test_members_page_query_count_does_not_grow_with_members(client, org, unit, manager):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(manager)
    client.get(url("members", org, None))  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("members", org, None)).status_code == 200
    for n in range(6):
        member_invite(organisation=org, first_name=f"คนที่{n}", role=Role.UNIT_STAFF, unit=unit, actor=manager)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url("members", org, None)).status_code == 200
    assert len(many) == len(few)
