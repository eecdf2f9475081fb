"""Issue 11 in a real browser: a staff member who manages the organisation's users invites a colleague;
the colleague opens the e-mailed link, sets their own password, is signed in, and signs in again later."""

import re

import pytest
from django.core import mail

from ita_portal.models import User
from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, OrgUnitFactory, UserFactory

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "ส้มตำ-ไก่ย่าง-2569"


def test_manager_invites_a_colleague_who_sets_a_password_and_signs_in(new_page, live_server):
    organisation = OrganisationFactory(slug="ban-invite", name="องค์การบริหารส่วนตำบลบ้านเชิญ")
    OrgUnitFactory(organisation=organisation, name="กองคลัง")
    manager = UserFactory(
        role=Role.STAFF, organisation=organisation, can_manage_members=True, first_name="หัวหน้า"
    )

    # the manager finds the members page from the organisation page and invites a colleague
    page = new_page()
    login(page, manager.username)
    page.goto(f"/o/{organisation.slug}/")
    page.click("text=ผู้ใช้ของหน่วยงาน")
    page.wait_for_url(f"**/o/{organisation.slug}/members/")
    page.click("text=เชิญผู้ใช้")
    page.fill("#id_first_name", "สมศรี")
    page.fill("#id_last_name", "ใจดี")
    page.fill("#id_email", "somsri@ban-invite.go.th")
    page.select_option("#id_role", Role.UNIT_STAFF)
    page.select_option("#id_unit", label="กองคลัง")
    page.click("form.member-form button[type=submit]")
    page.wait_for_url(f"**/o/{organisation.slug}/members/")
    assert "ส่งคำเชิญไปที่ somsri@ban-invite.go.th แล้ว" in page.inner_text("main")
    assert page.inner_text("[data-member='somsri@ban-invite.go.th'] [data-status]") == "รอตอบรับคำเชิญ"

    # the colleague gets the Thai e-mail and opens its link in their own browser
    assert len(mail.outbox) == 1 and "คำเชิญ" in mail.outbox[0].subject
    link = re.search(r"https?://\S+/accounts/invite/\S+/", mail.outbox[0].body).group(0)
    assert link.startswith(live_server.url)
    colleague = new_page()
    colleague.goto(link)
    assert "somsri@ban-invite.go.th" in colleague.inner_text("[data-username]")
    colleague.fill("#id_new_password1", PASSWORD)
    colleague.fill("#id_new_password2", PASSWORD)
    colleague.click("button[type=submit]")
    colleague.wait_for_url(f"**/o/{organisation.slug}/")
    assert "สมศรี" in colleague.inner_text("nav")
    user = User.objects.get(username="somsri@ban-invite.go.th")
    assert user.is_active and user.role == Role.UNIT_STAFF and user.unit.name == "กองคลัง"

    # the link works once; the password works from the login page
    colleague.goto(link)
    assert "ใช้ไปแล้ว" in colleague.inner_text("[data-problem]")
    colleague.click("nav button:has-text('ออกจากระบบ')")
    colleague.wait_for_url("**/accounts/login/")
    login(colleague, "somsri@ban-invite.go.th", PASSWORD)
    assert "สมศรี" in colleague.inner_text("nav")

    # and the manager sees the colleague as active
    page.reload()
    assert page.inner_text("[data-member='somsri@ban-invite.go.th'] [data-status]") == "ใช้งาน"
