"""The change signal: one bump per write, in the write's transaction; receivers after commit only."""

import pytest
from django.db import transaction

from ita_portal import changes
from ita_portal.models import Organisation

from .factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def version(org) -> int:
    return Organisation.objects.values_list("data_version", flat=True).get(pk=org.pk)


@pytest.fixture
def heard():
    got = []

    def listen(batch):
        got.append(batch)

    changes.receiver(listen)
    yield got
    changes._receivers.remove(listen)


@changes.write
def touch(*orgs, actor, what="test"):
    for org in orgs:
        changes.organisation_changed(org.pk, actor=actor, what=what)


@changes.write
def touch_twice_nested(org, *, actor):
    touch(org, actor=actor, what="scores")
    touch(org, actor=actor, what="measure")


@changes.write
def touch_then_fail(org, *, actor):
    touch(org, actor=actor)
    raise ValueError("ไม่ผ่าน")


def test_a_write_bumps_each_organisation_once():
    a, b = OrganisationFactory(), OrganisationFactory()
    before = version(a), version(b)
    touch(a, b, a, actor=None)
    assert (version(a), version(b)) == (before[0] + 1, before[1] + 1)


def test_nested_services_bump_once_and_name_everything(django_capture_on_commit_callbacks, heard):
    org, user = OrganisationFactory(), UserFactory()
    before = version(org)
    with django_capture_on_commit_callbacks(execute=True):
        touch_twice_nested(org, actor=user)
    assert version(org) == before + 1
    [[change]] = heard
    assert (
        change.organisation_id == org.pk and change.what == {"scores", "measure"} and change.actors == [user]
    )


def test_a_failed_write_bumps_nothing_and_tells_nobody(django_capture_on_commit_callbacks, heard):
    org = OrganisationFactory()
    before = version(org)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValueError):
        touch_then_fail(org, actor=None)
    assert version(org) == before and heard == []
    touch(org, actor=None)  # nothing left over from the failed write
    assert version(org) == before + 1


def test_receivers_wait_for_the_commit(django_capture_on_commit_callbacks, heard):
    org = OrganisationFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        touch(org, actor=None)
    assert heard == [] and len(callbacks) == 1
    callbacks[0]()
    assert [c.organisation_id for c in heard[0]] == [org.pk]


def test_a_write_outside_a_service_bumps_at_commit(django_capture_on_commit_callbacks):
    org = OrganisationFactory()
    before = version(org)
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            changes.organisation_changed(org.pk, actor=None, what="admin")
            changes.organisation_changed(org.pk, actor=None, what="admin")
            assert version(org) == before
    assert version(org) == before + 1


def test_a_failing_receiver_does_not_undo_the_write(django_capture_on_commit_callbacks):
    org = OrganisationFactory()

    def broken(batch):
        raise RuntimeError("cache down")

    changes.receiver(broken)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            touch(org, actor=None)
    finally:
        changes._receivers.remove(broken)
    assert version(org) >= 1


def test_a_site_change_bumps_every_organisation_once(django_capture_on_commit_callbacks, heard):
    a, b = OrganisationFactory(), OrganisationFactory()
    before = version(a), version(b)

    @changes.write
    def upload(*, actor):
        changes.site_changed(actor=actor, what="garuda")
        changes.organisation_changed(a.pk, actor=actor, what="report_texts")

    with django_capture_on_commit_callbacks(execute=True):
        upload(actor=None)
    assert (version(a), version(b)) == (before[0] + 1, before[1] + 1)
    assert None in {c.organisation_id for c in heard[0]}
