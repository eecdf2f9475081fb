"""The admin's add user page in a real browser: the organisation autocomplete, then the unit
autocomplete lists only that organisation's units (static/js/admin_units_of_organisation.js), and the
new user is saved with both."""

import pytest

from ita_portal.models import User
from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, OrgUnitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose(page, field, term):
    page.click(f"#id_{field} + .select2")
    page.fill(".select2-container--open .select2-search__field", term)
    page.click(f".select2-results__option:has-text('{term}')")


def test_admin_adds_a_unit_clerk_with_units_of_the_chosen_organisation(new_page):
    ours = OrganisationFactory(name="องค์การบริหารส่วนตำบลหัวเรือ", short_name="อบต.หัวเรือ")
    OrgUnitFactory(organisation=ours, name="กองคลัง")
    OrgUnitFactory(organisation=ours, name="กองช่าง")
    OrgUnitFactory(organisation=OrganisationFactory(name="เทศบาลตำบลอื่น"), name="กองการศึกษา")
    UserFactory(username="root", role=Role.ADMIN, organisation=None, is_staff=True, is_superuser=True)

    page = new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))  # the portal ships none
    page.goto("/admin/login/?next=/admin/ita_portal/user/add/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "pass-1234")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/ita_portal/user/add/")

    page.fill("#id_username", "huaruea-finance")
    page.fill("#id_password1", "ต้นมะม่วง-2569-สีเขียว")
    page.fill("#id_password2", "ต้นมะม่วง-2569-สีเขียว")
    page.select_option("#id_role", Role.UNIT_STAFF)
    choose(page, "organisation", "หัวเรือ")

    page.click("#id_unit + .select2")
    page.wait_for_selector(".select2-results__option:has-text('กองคลัง')")
    offered = page.locator(".select2-container--open .select2-results__option").all_inner_texts()
    assert sorted(offered) == ["กองคลัง", "กองช่าง"]
    page.click(".select2-results__option:has-text('กองคลัง')")

    page.click("input[name=_save]")
    page.wait_for_url("**/change/")
    user = User.objects.get(username="huaruea-finance")
    assert user.organisation == ours and user.unit.name == "กองคลัง"
    assert errors == []
