"""Login throttling (django-axes, ita_portal/throttling.py): a username from one address is locked after
repeated failures, the same username from another address is not, an address alone has a looser
limit, and an administrator unlocks."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from ita_portal.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOCKED = "เข้าสู่ระบบไม่ได้ชั่วคราว"


def sign_in(client, username, password, address="10.0.0.1", **extra):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def test_thirty_wrong_passwords_lock_the_username_from_that_address(client):
    UserFactory(username="clerk")
    statuses = [sign_in(client, "clerk", f"wrong-{n}").status_code for n in range(30)]
    assert statuses[:4] == [200] * 4  # the form's own Thai error
    assert set(statuses[4:]) == {429}
    response = sign_in(client, "clerk", "pass-1234")
    body = response.content.decode()
    assert response.status_code == 429
    assert LOCKED in body and "15 นาที" in body and "ติดต่อผู้ดูแลระบบ" in body
    assert "_auth_user_id" not in client.session


def test_the_same_username_from_another_address_still_signs_in(client):
    UserFactory(username="clerk")
    for n in range(30):
        sign_in(client, "clerk", f"wrong-{n}", address="203.0.113.9")
    response = sign_in(client, "clerk", "pass-1234", address="10.0.0.2")
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.session["_auth_user_id"]


def test_one_office_behind_nat_is_not_locked_by_a_few_mistakes(client):
    """Several clerks share one address: each mistypes a few times, nobody is locked."""
    for n in range(8):
        UserFactory(username=f"clerk{n}")
        for attempt in range(3):
            sign_in(client, f"clerk{n}", f"wrong-{attempt}", address="10.9.9.9")
    response = sign_in(client, "clerk7", "pass-1234", address="10.9.9.9")
    assert response.status_code == 302


def test_an_address_spraying_many_usernames_is_locked(client, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 12
    UserFactory(username="victim")
    for n in range(12):
        sign_in(client, f"guess{n}", "wrong", address="198.51.100.7")
    assert sign_in(client, "victim", "pass-1234", address="198.51.100.7").status_code == 429
    assert sign_in(client, "victim", "pass-1234", address="198.51.100.8").status_code == 302


def test_a_success_clears_only_that_usernames_failures(client, settings):
    """Four mistakes and then the right password: the clerk starts again from zero, but the address's
    failures against other usernames are not wiped by one valid account."""
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 10
    UserFactory(username="clerk")
    for n in range(6):
        sign_in(client, f"guess{n}", "wrong")
    for n in range(3):
        sign_in(client, "clerk", f"wrong-{n}")
    assert sign_in(client, "clerk", "pass-1234").status_code == 302
    client.logout()
    # 6 failures of other usernames remain: one more clerk failure is far from both limits
    assert sign_in(client, "clerk", "wrong").status_code == 200
    for n in range(6, 9):
        sign_in(client, f"guess{n}", "wrong")
    assert sign_in(client, "clerk", "pass-1234").status_code == 429  # 6 + 1 + 3 = 10 from the address


def test_axes_reset_unlocks(client):
    UserFactory(username="clerk")
    for n in range(6):
        sign_in(client, "clerk", f"wrong-{n}")
    assert sign_in(client, "clerk", "pass-1234").status_code == 429
    call_command("axes_reset_username", "clerk")
    assert sign_in(client, "clerk", "pass-1234").status_code == 302


def test_the_admin_unlocks_by_deleting_the_attempt(client, admin_client):
    from axes.models import AccessAttempt

    UserFactory(username="clerk")
    for n in range(6):
        sign_in(client, "clerk", f"wrong-{n}")
    attempt = AccessAttempt.objects.get(username="clerk")
    listing = admin_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200 and "clerk" in listing.content.decode()
    response = admin_client.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert sign_in(client, "clerk", "pass-1234").status_code == 302


def test_the_forwarded_address_counts_only_behind_a_proxy(client, settings):
    """Without BEHIND_PROXY a client cannot dodge the lock by sending a new X-Forwarded-For each time;
    behind the proxy the proxy's entry (the right-most) is the client's address."""
    UserFactory(username="clerk")
    for n in range(6):
        sign_in(client, "clerk", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert sign_in(client, "clerk", "pass-1234", HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429

    settings.BEHIND_PROXY = True
    for n in range(6):
        sign_in(client, "clerk", "wrong", address="10.0.0.254", HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, 192.0.2.50")
    # same proxy, another client: not locked; the forged left-hand entries changed nothing
    other = sign_in(client, "clerk", "pass-1234", address="10.0.0.254", HTTP_X_FORWARDED_FOR="192.0.2.51")
    assert other.status_code == 302
    client.logout()
    again = sign_in(
        client, "clerk", "pass-1234", address="10.0.0.254", HTTP_X_FORWARDED_FOR="7.7.7.7, 192.0.2.50"
    )
    assert again.status_code == 429


def test_admin_login_is_throttled_too(client):
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    for n in range(5):
        client.post(reverse("admin:login"), {"username": "boss", "password": f"x{n}"}, REMOTE_ADDR="10.0.0.1")
    response = client.post(
        reverse("admin:login"), {"username": "boss", "password": "pass-1234"}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 429


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_an_overlong_username_is_refused_in_thai_not_a_500(client, url):
    # PostgreSQL refused axes' record of a 100 kB username (varchar 255): the form refuses it first.
    response = client.post(url, {"username": "ก" * 100_000, "password": "x"})
    assert response.status_code == 200
    assert "ชื่อผู้ใช้ยาวเกินไป" in response.content.decode()
