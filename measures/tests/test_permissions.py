"""Who gets what on every measures URL: role × own/other organisation × view, over HTTP."""

import pytest
from django.urls import reverse

from ita_portal.scoping import Role
from ita_portal.tests.factories import OrgUnitFactory, UserFactory

from .conftest import make_user

pytestmark = pytest.mark.django_db

READ = ["list", "detail", "evidence_file"]
WRITE = ["create", "edit", "delete", "copy_year"]
PROGRESS = ["progress_create", "progress_edit"]
VIEWS = READ + WRITE + PROGRESS

# Own organisation: reading is open to every role that sees it; writing measures to staff;
# progress to staff and to unit staff of an assigned unit.
OWN = {
    Role.STAFF: {v: 200 for v in VIEWS},
    Role.UNIT_STAFF: {**{v: 200 for v in READ + PROGRESS}, **{v: 403 for v in WRITE}},
    Role.EXECUTIVE: {**{v: 200 for v in READ}, **{v: 403 for v in WRITE + PROGRESS}},
    Role.SUPERVISOR: {**{v: 200 for v in READ}, **{v: 403 for v in WRITE + PROGRESS}},
    # reads the whole province as a supervisor does; never edits an organisation's measures
    Role.PROVINCE_ADMIN: {**{v: 200 for v in READ}, **{v: 403 for v in WRITE + PROGRESS}},
}


def url(view, org, measure, progress):
    kwargs = {"org": org.slug}
    if view in {"detail", "edit", "delete", "progress_create"}:
        kwargs["pk"] = measure.pk
    if view == "progress_edit":
        kwargs.update(pk=measure.pk, progress=progress.pk)
    if view == "evidence_file":
        kwargs["pk"] = progress.files.get().pk
    return reverse(f"measures:{view}", kwargs=kwargs)


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize(
    "role", [Role.STAFF, Role.UNIT_STAFF, Role.EXECUTIVE, Role.SUPERVISOR, Role.PROVINCE_ADMIN]
)
def test_own_organisation(client, org, pr_unit, measure, progress, role, view):
    client.force_login(make_user(role, org, unit=pr_unit if role == Role.UNIT_STAFF else None))
    assert client.get(url(view, org, measure, progress)).status_code == OWN[role][view]


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize(
    "role", [Role.STAFF, Role.UNIT_STAFF, Role.EXECUTIVE, Role.SUPERVISOR, Role.PROVINCE_ADMIN]
)
def test_other_organisation_is_not_found(client, org, other_org, other_measure, other_progress, role, view):
    """A member (or supervisor) of `org` guessing `other_org`'s URLs gets 404 for every view and object."""
    unit = OrgUnitFactory(organisation=org) if role == Role.UNIT_STAFF else None
    client.force_login(make_user(role, org, unit=unit))
    assert client.get(url(view, other_org, other_measure, other_progress)).status_code == 404


@pytest.mark.parametrize("view", [v for v in VIEWS if v not in {"list", "create", "copy_year"}])
def test_other_organisations_rows_under_own_slug_are_not_found(
    client, org, staff, other_org, other_measure, other_progress, view
):
    """Own organisation in the URL, another organisation's measure/progress/file id: still 404."""
    client.force_login(staff)
    assert (
        client.get(url(view, org, other_measure, other_progress).replace("/elsewhere/", "/mine/")).status_code
        == 404
    )


@pytest.mark.parametrize("view", VIEWS)
def test_anonymous_is_sent_to_login(client, org, measure, progress, view):
    response = client.get(url(view, org, measure, progress))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("view", PROGRESS)
def test_unit_staff_of_an_unassigned_unit_may_not_record(client, org, finance_unit, measure, progress, view):
    client.force_login(UserFactory(role=Role.UNIT_STAFF, organisation=org, unit=finance_unit))
    assert client.get(url(view, org, measure, progress)).status_code == 403


def test_unit_staff_of_the_parent_unit_may_record(client, org, pr_unit, measure, progress):
    """สำนักปลัด answers for งานประชาสัมพันธ์ under it (ita_portal.permissions.unit_covers)."""
    parent = OrgUnitFactory(organisation=org, name="สำนักปลัด")
    pr_unit.parent = parent
    pr_unit.save()
    client.force_login(UserFactory(role=Role.UNIT_STAFF, organisation=org, unit=parent))
    assert client.get(url("progress_create", org, measure, progress)).status_code == 200


@pytest.mark.parametrize("role", [Role.EXECUTIVE, Role.PROVINCE_ADMIN])
@pytest.mark.parametrize("view", WRITE + PROGRESS)
def test_refused_posts_change_nothing(client, org, measure, progress, view, role):
    client.force_login(make_user(role, org))
    before = (measure.version, progress.version)
    assert client.post(url(view, org, measure, progress), {"title": "x"}).status_code == 403
    measure.refresh_from_db()
    progress.refresh_from_db()
    assert (measure.version, progress.version) == before


@pytest.mark.parametrize("role", [Role.EXECUTIVE, Role.SUPERVISOR, Role.PROVINCE_ADMIN])
def test_read_only_roles_see_no_edit_buttons(client, org, measure, progress, role):
    client.force_login(make_user(role, org))
    for view in ("list", "detail"):
        html = client.get(url(view, org, measure, progress)).content.decode()
        for name in ("create", "edit", "delete", "copy_year", "progress_create"):
            kwargs = (
                {"org": org.slug} if name in {"create", "copy_year"} else {"org": org.slug, "pk": measure.pk}
            )
            assert reverse(f"measures:{name}", kwargs=kwargs) not in html, (view, name)
