"""The one scoping gate: who sees which organisation's rows."""

import pytest
from django.contrib.auth.models import AnonymousUser

from assessments.models import Assessment
from assessments.tests.factories import AssessmentFactory
from ita_portal.models import Organisation, User
from ita_portal.scoping import AREA_ROLES, EVERYTHING, NOTHING, Role, scope_of
from ita_portal.tests.factories import OrganisationFactory, UserFactory
from measures.models import Measure, Progress
from measures.tests.factories import ProgressFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_provinces():
    mine = OrganisationFactory(province="มหาสารคาม", district="วาปีปทุม")
    same_province = OrganisationFactory(province="มหาสารคาม", district="พยัคฆภูมิพิสัย")
    elsewhere = OrganisationFactory(province="ลพบุรี", district="หนองม่วง")
    for org in (mine, same_province, elsewhere):
        AssessmentFactory(organisation=org)
        ProgressFactory(measure__organisation=org)
    return mine, same_province, elsewhere


@pytest.mark.parametrize("role", [Role.STAFF, Role.EXECUTIVE, Role.UNIT_STAFF])
def test_members_see_only_their_organisation(two_provinces, role):
    mine, *_ = two_provinces
    user = UserFactory(organisation=mine, role=role)
    for model in (Organisation, Assessment, Measure, Progress):
        rows = model.objects.visible_to(user)
        assert rows.count() == 1, model
    assert Organisation.objects.visible_to(user).get() == mine


def test_supervisor_sees_a_province_or_a_district(two_provinces):
    mine, same_province, _ = two_provinces
    province = UserFactory(role=Role.SUPERVISOR, organisation=None, supervised_province="มหาสารคาม")
    assert set(Organisation.objects.visible_to(province)) == {mine, same_province}
    assert Measure.objects.visible_to(province).count() == 2
    district = UserFactory(
        role=Role.SUPERVISOR, organisation=None, supervised_province="มหาสารคาม", supervised_district="วาปีปทุม"
    )
    assert list(Organisation.objects.visible_to(district)) == [mine]


def test_a_province_administrator_sees_their_whole_province(two_provinces):
    mine, same_province, _ = two_provinces
    admin = UserFactory(role=Role.PROVINCE_ADMIN, organisation=None, supervised_province="มหาสารคาม")
    assert set(Organisation.objects.visible_to(admin)) == {mine, same_province}
    assert Measure.objects.visible_to(admin).count() == 2 and Progress.objects.visible_to(admin).count() == 2
    # a district is never a province administrator's limit
    admin.supervised_district = "วาปีปทุม"
    admin.save()
    assert admin.supervised_district_ref_id is None
    assert Organisation.objects.visible_to(admin).count() == 2
    assert not Organisation.objects.visible_to(
        UserFactory(role=Role.PROVINCE_ADMIN, organisation=None)
    ).exists()


def _users_of_every_role(mine, same_province, elsewhere) -> list:
    """Users of every role, each in the configurations that change what the gate shows."""
    users = [UserFactory(role=Role.ADMIN, organisation=None), UserFactory(role=Role.ADMIN, organisation=mine)]
    for role in (Role.STAFF, Role.UNIT_STAFF, Role.EXECUTIVE):
        users += [UserFactory(role=role, organisation=org) for org in (mine, same_province, elsewhere)]
        users.append(UserFactory(role=role, organisation=None))
    users.append(UserFactory(role=Role.STAFF, organisation=mine, is_superuser=True))
    users.append(UserFactory(role=Role.STAFF, organisation=mine, is_active=False))
    for role in AREA_ROLES:
        users += [
            UserFactory(role=role, organisation=None, supervised_province="มหาสารคาม"),
            UserFactory(role=role, organisation=mine, supervised_province="มหาสารคาม"),
            UserFactory(role=role, organisation=None, supervised_province="ลพบุรี"),
            UserFactory(role=role, organisation=mine),  # no area yet
        ]
    users.append(
        UserFactory(
            role=Role.SUPERVISOR,
            organisation=None,
            supervised_province="มหาสารคาม",
            supervised_district="วาปีปทุม",
        )
    )
    assert {u.role for u in users} == set(Role)
    return users


def _selected_by(scope: tuple, organisations) -> set:
    """The organisations a scope value names, read without the gate (so the test can disagree with it)."""
    if scope == EVERYTHING:
        return set(organisations)
    if scope == NOTHING:
        return set()
    kind, where = scope
    assert kind == "where"
    attnames = {f: "pk" if f == "pk" else Organisation._meta.get_field(f).attname for f, _ in where}
    return {o for o in organisations if all(getattr(o, attnames[f]) == value for f, value in where)}


def test_the_cache_scope_is_exactly_what_the_gate_shows_for_every_role(two_provinces):
    """The overview's cache key holds scope_of(user): it must name exactly the organisations visible_to
    gives that user, and users who see different organisations must never share a key."""
    from reports.dashboards.views import scope_of as cache_scope

    organisations = list(Organisation.objects.all())
    users = _users_of_every_role(*two_provinces)
    seen = {}
    for user in users:
        visible = set(Organisation.objects.visible_to(user))
        assert cache_scope(user) == scope_of(user)
        assert _selected_by(scope_of(user), organisations) == visible, (user.role, scope_of(user))
        seen.setdefault(scope_of(user), set()).add(frozenset(visible))
    assert all(len(sets) == 1 for sets in seen.values())  # one key, one set of organisations
    # and the configurations above do see different things: the check is not vacuous
    assert len(seen) >= 8


def test_admin_sees_all_and_strangers_see_nothing(two_provinces):
    assert Assessment.objects.visible_to(UserFactory(role=Role.ADMIN, organisation=None)).count() == 3
    assert not Assessment.objects.visible_to(AnonymousUser()).exists()
    assert not Assessment.objects.visible_to(UserFactory(organisation=None)).exists()
    inactive = UserFactory(organisation=two_provinces[0], is_active=False)
    assert not Assessment.objects.visible_to(inactive).exists()
    assert not Assessment.objects.visible_to(UserFactory(role=Role.SUPERVISOR, organisation=None)).exists()


def test_user_roles_need_their_scope():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="ต้องระบุหน่วยงาน"):
        User(username="x", role=Role.STAFF).clean()
    with pytest.raises(ValidationError, match="ต้องระบุจังหวัด"):
        User(username="y", role=Role.SUPERVISOR).clean()
    with pytest.raises(ValidationError, match="ต้องระบุจังหวัด"):
        User(username="z", role=Role.PROVINCE_ADMIN).clean()


def test_own_organisation_shortcut_never_widens_the_gate(two_provinces):
    """organisation_for() skips the query for a member's own organisation; whatever it returns must be
    what visible_to() would have found, for every role, and nothing else."""
    from ita_portal.scoping import own_organisation

    mine, same_province, elsewhere = two_provinces
    users = [
        UserFactory(organisation=mine, role=role) for role in (Role.STAFF, Role.EXECUTIVE, Role.UNIT_STAFF)
    ]
    users += [
        UserFactory(organisation=mine, role=Role.STAFF, is_active=False),
        UserFactory(organisation=mine, role=Role.ADMIN),
        # A supervisor who belongs to an organisation outside the province they supervise.
        UserFactory(organisation=elsewhere, role=Role.SUPERVISOR, supervised_province="มหาสารคาม"),
        UserFactory(organisation=mine, role=Role.SUPERVISOR, supervised_province=""),
    ]
    shortcuts = 0
    for user in users:
        user = User.objects.select_related("organisation").get(pk=user.pk)  # as the auth backend loads it
        for org in (mine, same_province, elsewhere):
            own = own_organisation(user, org.slug)
            if own is not None:
                shortcuts += 1
                assert own == org and Organisation.objects.visible_to(user).filter(pk=org.pk).exists()
                assert own is not user.organisation  # a form may change it; the menu's copy stays
    assert shortcuts == 4  # the three members and the admin, each on their own organisation only
    assert own_organisation(AnonymousUser(), mine.slug) is None
