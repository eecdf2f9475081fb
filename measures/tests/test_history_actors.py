"""Every history row a service writes names its actor, also with no request (a command, a job).

The services are called here directly: simple-history's request middleware is not involved, so a row
whose author comes only from the request would record none and fail.
"""

import datetime as dt

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from ita_portal import invitations, members, services
from ita_portal.models import Organisation, Province, User
from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, UserFactory
from measures import services as measure_services
from measures.models import Measure, Progress

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def history_models():
    """The history tables of the apps whose services are checked here."""
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in {"ita_portal", "measures"}
        and any(f.name == "history_user" for f in model._meta.fields)  # not the m2m snapshots
    ]


def high_water() -> dict:
    return {
        model: model.objects.order_by("-history_id").values_list("history_id", flat=True).first() or 0
        for model in history_models()
    }


def new_rows(since: dict) -> list:
    return [row for model, top in since.items() for row in model.objects.filter(history_id__gt=top)]


def test_every_history_row_written_by_the_services_names_the_actor():
    admin = UserFactory(role=Role.ADMIN, organisation=None, is_superuser=True, username="admin-actor")
    since = high_water()

    organisation = services.organisation_create(
        data={
            "kind": "sao",
            "name": "องค์การบริหารส่วนตำบลทดลอง",
            "province_ref": Province.objects.get(pk="44"),
        },
        actor=admin,
    )
    organisation = services.organisation_profile_update(
        organisation=organisation, data={"phone": "043 000 000"}, expected_version=None, actor=admin
    )
    unit = services.unit_create(organisation=organisation, data={"name": "กองคลัง"}, actor=admin)
    child = services.unit_create(
        organisation=organisation, data={"name": "งานพัสดุ", "parent": unit}, actor=admin
    )
    unit = services.unit_update(unit=unit, data={"order": 2}, expected_version=None, actor=admin)

    invitations.user_create_invited(
        organisation=organisation, first_name="ผู้ดูแลผู้ใช้", role=Role.STAFF, can_manage_members=True, actor=admin
    )
    invitation = members.member_invite(
        organisation=organisation, first_name="สมหญิง", role=Role.UNIT_STAFF, unit=child, actor=admin
    )
    members.member_update(
        member=invitation.user,
        organisation=organisation,
        role=Role.EXECUTIVE,
        unit=None,
        can_manage_members=False,
        actor=admin,
    )
    members.member_reinvite(member=invitation.user, organisation=organisation, actor=admin)
    members.member_deactivate(member=invitation.user, organisation=organisation, actor=admin)

    measure = measure_services.measure_create(
        organisation=organisation,
        fiscal_year=2567,
        title="มาตรการทดลอง",
        steps=["หนึ่ง"],
        units=[unit],
        actor=admin,
    )
    measure = measure_services.measure_update(
        measure=measure, expected_version=None, actor=admin, title="มาตรการทดลอง (แก้ไข)", steps=["หนึ่ง", "สอง"]
    )
    progress = measure_services.progress_record(
        measure=measure,
        round="half",
        done="ดำเนินการแล้ว",
        links=["https://example.go.th/a"],
        files=[SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")],
        actor=admin,
    )
    progress = measure_services.progress_update(
        progress=progress,
        expected_version=None,
        actor=admin,
        status="done",
        links=["https://example.go.th/b"],
    )
    measure_services.measures_copy_year(
        organisation=organisation, source_year=2567, target_year=2568, actor=admin
    )
    copy = Measure.objects.get(organisation=organisation, fiscal_year=2568)
    extra = measure_services.progress_record(measure=copy, round="half", done="เริ่มแล้ว", actor=admin)
    measure_services.progress_delete(progress=extra, actor=admin)
    measure_services.measure_delete(measure=measure, actor=admin)  # its progress goes with it
    services.unit_delete(unit=unit, actor=admin)  # its sub-unit and the member's link to it go too
    active = services.user_save(
        user=User(username="active-member", organisation=organisation, role=Role.STAFF), actor=admin
    )
    assert services.organisation_deactivate(organisation=organisation, actor=admin) == 1  # the bulk path
    assert active.history.latest("history_id").is_active is False

    rows = new_rows(since)
    kinds = {(type(row).__name__, row.history_type) for row in rows}
    # The test covers what it claims: creations, changes and deletions of each kind of row.
    written = ("Organisation", "OrgUnit", "User", "Invitation", "Measure", "Progress")
    expected = {(f"Historical{name}", kind) for name in written for kind in "+~"}
    expected |= {("HistoricalMeasure", "-"), ("HistoricalProgress", "-"), ("HistoricalOrgUnit", "-")}
    assert expected <= kinds
    assert [row for row in rows if row.history_user_id != admin.pk] == []
    assert not Progress.objects.filter(measure__organisation=organisation, measure__fiscal_year=2567).exists()
    assert Organisation.objects.get(pk=organisation.pk).is_active is False


def test_a_command_without_a_person_records_no_author_but_the_change_signal_still_fires():
    organisation = OrganisationFactory()
    before = Organisation.objects.get(pk=organisation.pk).data_version
    since = high_water()
    measure_services.measure_create(
        organisation=organisation,
        fiscal_year=2567,
        title="จากคำสั่ง",
        reporting_deadline=dt.date(2024, 1, 31),
        actor=None,
    )
    rows = new_rows(since)
    assert rows and all(row.history_user_id is None for row in rows)
    assert Organisation.objects.get(pk=organisation.pk).data_version == before + 1
