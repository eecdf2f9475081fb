"""One save per submit: the same create form sent twice (double click, reload of the POST) creates
one measure or one progress entry; the second answer leads to the first one with a Thai notice."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from ita_portal.models import Submission
from ita_portal.submissions import REPLAYED
from measures.models import Measure, Progress

from .test_progress import post as progress_post
from .test_views import measure_post

pytestmark = pytest.mark.django_db


def token_of(page: str) -> str:
    (token,) = re.findall(r'name="submit_token" value="([^"]+)"', page)
    return token


def test_measure_create_sent_twice_with_one_token_saves_once(client, org, staff):
    client.force_login(staff)
    url = reverse("measures:create", kwargs={"org": org.slug}) + "?year=2567"
    token = token_of(client.get(url).content.decode())
    assert token != token_of(client.get(url).content.decode())  # a fresh token per rendering
    data = measure_post(org, steps=["ขั้นแรก"], title="มาตรการส่งสองครั้ง", submit_token=token)
    first = client.post(url, data)
    second = client.post(url, data)
    measure = Measure.objects.get(organisation=org)
    detail = reverse("measures:detail", kwargs={"org": org.slug, "pk": measure.pk})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == detail
    assert [str(m) for m in get_messages(second.wsgi_request)][-1] == REPLAYED
    assert measure.steps.count() == 1 and measure.history.count() == 1
    assert Submission.objects.get(token=token).object_id == measure.pk


def test_a_refused_measure_form_does_not_use_up_its_token(client, org, staff):
    client.force_login(staff)
    url = reverse("measures:create", kwargs={"org": org.slug}) + "?year=2567"
    token = token_of(client.get(url).content.decode())
    refused = client.post(url, measure_post(org, title="", submit_token=token))
    assert refused.status_code == 200 and token_of(refused.content.decode()) == token
    assert client.post(url, measure_post(org, title="แก้แล้วส่งใหม่", submit_token=token)).status_code == 302
    assert Measure.objects.filter(organisation=org).count() == 1


def test_progress_create_sent_twice_with_one_token_saves_once(client, org, staff, measure, media_root):
    client.force_login(staff)
    url = reverse("measures:progress_create", kwargs={"org": org.slug, "pk": measure.pk})
    token = token_of(client.get(url).content.decode())
    first = progress_post(client, org, measure, submit_token=token, links="https://www.example.go.th/a")
    second = progress_post(client, org, measure, submit_token=token, links="https://www.example.go.th/a")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert [str(m) for m in get_messages(second.wsgi_request)][-1] == REPLAYED
    progress = Progress.objects.get(measure=measure)
    assert progress.links.count() == 1


def test_another_persons_token_is_refused_not_followed(client, org, staff, measure, media_root):
    from ita_portal.scoping import Role
    from ita_portal.tests.factories import UserFactory

    client.force_login(staff)
    url = reverse("measures:progress_create", kwargs={"org": org.slug, "pk": measure.pk})
    token = token_of(client.get(url).content.decode())
    progress_post(client, org, measure, submit_token=token)
    client.force_login(UserFactory(role=Role.STAFF, organisation=org))
    response = progress_post(client, org, measure, submit_token=token)
    assert response.status_code == 200
    assert "แบบฟอร์มนี้ใช้ไม่ได้แล้ว" in " ".join(response.context["form"].non_field_errors())
    assert Progress.objects.filter(measure=measure).count() == 1


def test_edit_forms_carry_no_token_and_pages_load_the_submit_once_script(client, org, staff, measure):
    client.force_login(staff)
    edit = client.get(reverse("measures:edit", kwargs={"org": org.slug, "pk": measure.pk})).content.decode()
    assert "submit_token" not in edit
    assert "data-submit-once" in edit
    assert re.search(r'<script src="[^"]*js/submit-once\.js" defer></script>', edit)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_with_one_token_save_once(org, staff):
    """Two requests at once (a double click that the browser sent twice): the second waits on the claim's
    unique index until the first commits, then answers with the first one's measure."""
    import threading

    from django.db import connection
    from django.test import Client

    if connection.vendor == "sqlite":
        pytest.skip("SQLite's in-memory test database is one connection; this runs on PostgreSQL (.ci/run)")
    url = reverse("measures:create", kwargs={"org": org.slug}) + "?year=2567"
    data = measure_post(org, title="มาตรการพร้อมกัน", submit_token="same-token-twice")
    barrier, answers = threading.Barrier(2, timeout=60), []  # a thread that fails breaks the wait

    def send():
        from django.db import connections

        client = Client()
        client.force_login(staff)
        barrier.wait()
        answers.append(client.post(url, data))
        connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [302, 302]
    assert answers[0]["Location"] == answers[1]["Location"]
    assert Measure.objects.filter(organisation=org).count() == 1
