"""The Content-Security-Policy in a real browser (issue 9): every demo role walks the portal from its home
page by following the links it is shown, the administrator also walks the Django admin, and no page may
log a console error or warning, throw, or raise a `securitypolicyviolation` event.

The pages come from the links the portal itself shows (bounded: the first few URLs of each URL name), so
a page added later is visited without editing this file. REQUIRED names the pages the brief insists on;
the walk fails if it did not reach one of them."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections import Counter
from urllib.parse import urlsplit

import pytest
import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from PIL import Image

from ita_portal.demo_users import DEMO_PASSWORD, demo_users_ensure
from ita_portal.scoping import Role
from ita_portal.tests.factories import OrgUnitFactory, UserFactory
from measures.services import measure_create, progress_record
from reports.demo import demo_organisation_load

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# One demo login per role (README): staff, executive, unit staff, supervisor, administrator.
ROLES = ["janlan", "janlan-exec", "janlan-unit", "supervisor-mk", "admin"]

# Downloads, not pages (each still gets a header, checked in ita_portal/tests/test_csp.py).
NOT_PAGES = {"measures:evidence_file", "reports:document_pdf", "dashboards:overview_export", "logout"}
NOT_PAGES |= {"manage:import_template"}  # the import's CSV/XLSX templates
# The live preview of a document's texts answers the texts form's POST only (into the page's frame).
NOT_PAGES |= {"reports:texts_preview"}
# Named URLs that are no page to follow a link to: signing in happens before the walk, the "password
# changed" page only after a POST, the favicon and the memo's Garuda are images.
NOT_REACHABLE = NOT_PAGES | {"login", "password_change_done", "favicon", "site_garuda_image"}
NOT_PAGES |= {"reports:invitation_sheet"}  # the printed invitation codes: a PDF answering a POST
# Buttons: views that answer a POST only (their page is walked).
NOT_REACHABLE |= {
    "frameworks:confirm",
    "manage:import_confirm",
    "org:invitation_revoke",
    "org:member_reinvite",
}
NOT_REACHABLE |= {"reports:document_layout"}  # the layout select of a preview posts here
# Pages for someone not signed in, reached from the login page or from a link in an e-mail (a one-time
# token): the invitation and password-reset browser tests open them (test_invite_colleague.py,
# test_onboarding.py).
NOT_REACHABLE |= {
    "invitation_enter",
    "invitation_accept",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
NOT_REACHABLE |= NOT_PAGES
PER_KEY = 1  # URLs visited per page kind and role (a page kind: the URL name and its text arguments)
MAX_PAGES = 60  # per role, a bound on the walk

REQUIRED = {
    ("home",),
    ("organisation_detail",),
    ("dashboards:organisation",),
    ("dashboards:organisation_brief",),
    ("dashboards:overview",),
    ("assessments:list",),
    ("assessments:detail",),
    ("assessments:edit",),
    ("measures:list",),
    ("measures:detail",),
    ("measures:create",),
    ("measures:edit",),
    ("measures:progress_create",),
    ("reports:index",),
    ("reports:document", "half"),
    ("reports:document", "annual"),
    ("reports:document", "analysis"),
    ("reports:document", "memo"),
    ("reports:texts", "annual"),
    ("org:profile",),
    ("org:units",),
    ("org:unit_edit",),
}
ADMIN_REQUIRED = {
    ("admin:index",),
    ("admin:ita_portal_user_changelist",),
    ("admin:ita_portal_user_change",),
    ("admin:ita_portal_user_add",),
    ("admin:measures_measure_changelist",),
    ("admin:measures_measure_change",),
}

# Registered before any page script: every violation is reported to the test as it happens.
WATCH_CSP = """
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolation(JSON.stringify({
    directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample,
    source: e.sourceFile, line: e.lineNumber, page: document.location.pathname}));
});
"""


class Watcher:
    """Console errors and warnings, uncaught exceptions and CSP violations of one browser context."""

    def __init__(self, context):
        self.problems: list[str] = []
        self.violations: list[dict] = []
        context.expose_function("__cspViolation", self._violation)
        context.add_init_script(WATCH_CSP)

    def _violation(self, payload: str) -> None:
        self.violations.append(json.loads(payload))
        self.problems.append(f"CSP violation: {payload}")

    def attach(self, page) -> None:
        page.on(
            "console",
            lambda m: (
                m.type in ("error", "warning")
                and self.problems.append(f"console {m.type} on {page.url}: {m.text}")
            ),
        )
        page.on("pageerror", lambda e: self.problems.append(f"exception on {page.url}: {e}"))


def portal_page_names(patterns=None, namespace="") -> set[str]:
    """Every named URL of the portal's URLconf (the admin's own are walked by the admin test)."""
    names = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= portal_page_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def page_key(path: str) -> tuple[str, ...] | None:
    """The URL name and the URL's arguments other than the organisation and numbers: `reports:document`
    of a memo and of an annual report are two page kinds; measure 3 and measure 4 (or the admin's change
    form of object "3" and of object "4") are one."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    texts = (str(v) for k, v in sorted(match.kwargs.items()) if k != "org" and not str(v).isdigit())
    return (match.view_name, *texts)


def walk(
    page, start: str, *, inside: str, skip=lambda name, url: False, max_pages=MAX_PAGES
) -> dict[tuple, list[str]]:
    """Breadth-first over same-site links under `inside`, at most PER_KEY URLs per page kind."""
    seen_urls: set[str] = set()
    per_key: Counter = Counter()
    visited: dict[tuple, list[str]] = {}
    queue = [start]
    while queue and len(seen_urls) < max_pages:
        url = queue.pop(0)
        if url in seen_urls:
            continue
        key = page_key(urlsplit(url).path)
        if key is None or key[0] in NOT_PAGES or skip(key[0], url) or per_key[key] >= PER_KEY:
            continue
        seen_urls.add(url)
        per_key[key] += 1
        response = page.goto(url)
        page.wait_for_load_state("load")
        assert response is not None and response.status == 200, (url, response and response.status)
        visited.setdefault(key, []).append(url)
        for href in page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)"):
            parts = urlsplit(href)
            if parts.netloc != urlsplit(page.url).netloc or not parts.path.startswith(inside):
                continue
            if "format=pdf" in parts.query:
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return visited


@pytest.fixture
def demo(live_frameworks, settings):
    for path in sorted((settings.BASE_DIR / "fixtures" / "demo").glob("*.json")):
        demo_organisation_load(data=json.loads(path.read_text(encoding="utf-8")), actor=None)
    demo_users_ensure(actor=None)


def new_watched_page(browser, live_server, timeout=15_000):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=live_server.url)
    context.set_default_timeout(timeout)
    watcher = Watcher(context)
    page = context.new_page()
    watcher.attach(page)
    return context, page, watcher


def test_every_portal_page_of_every_role_passes_the_csp(browser, live_server, demo):
    reached: set[str] = set()
    problems: list[str] = []
    for username in ROLES:
        context, page, watcher = new_watched_page(browser, live_server)
        try:
            login(page, username, DEMO_PASSWORD)
            visited = walk(page, "/", inside="/", skip=lambda name, url: name.startswith("admin:"))
            reached |= set(visited)
            print(f"{username}: {sum(map(len, visited.values()))} pages")
            if username == "janlan":  # the step rows are added from a <template> by measures.js
                page.goto(visited[("measures:create",)][0])
                page.click("[data-step-add]")
                page.goto(visited[("assessments:edit",)][0])
                page.fill(
                    "#id_paste_indicators", "99.63\n95.76\n99.27\n98.72\n97.80\n93.54\n95.52\n93.55\n100\n80"
                )
            problems += [f"[{username}] {p}" for p in watcher.problems]
        finally:
            context.close()
    assert REQUIRED <= reached, f"the walk did not reach {sorted(REQUIRED - reached)}"
    # Every page of the URLconf is reached by some role's links (a page nobody links to is not covered).
    names = {key[0] for key in reached}
    assert portal_page_names() - NOT_REACHABLE <= names, sorted(portal_page_names() - NOT_REACHABLE - names)
    assert problems == [], "\n".join(problems)


def test_the_django_admin_passes_the_csp(browser, live_server, demo, settings):
    # The admin's and django-simple-history's templates use variables they do not always pass
    # (`onclick_attrib`): let them render empty, as in production, rather than fail (conftest.py).
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "OPTIONS": {**settings.TEMPLATES[0]["OPTIONS"], "string_if_invalid": ""}}
    ]
    # An assessment's change form lists every question score with a select of all questions (~800 kB).
    context, page, watcher = new_watched_page(browser, live_server, timeout=60_000)
    try:
        login(page, "admin", DEMO_PASSWORD)

        def skip(name, url):  # nothing that deletes, logs out or leaves the admin
            return not name.startswith("admin:") or name.endswith(("_delete", ":logout", ":view_on_site"))

        # ~15 models: index, app pages, then each changelist, add form, change form and history
        visited = walk(page, "/admin/", inside="/admin/", skip=skip, max_pages=120)
        print(f"admin: {sum(map(len, visited.values()))} pages")
        assert ADMIN_REQUIRED <= set(visited), f"not reached: {sorted(ADMIN_REQUIRED - set(visited))}"
        assert watcher.problems == [], "\n".join(watcher.problems)
    finally:
        context.close()


def test_the_policy_is_enforced_and_a_violation_is_caught(browser, live_server, demo, settings):
    """The watcher itself: an inline style and an inline script injected into a portal page are blocked
    and reported (so an empty list above means no violation, not a deaf watcher)."""
    context, page, watcher = new_watched_page(browser, live_server)
    try:
        login(page, "janlan", DEMO_PASSWORD)
        page.evaluate(
            """() => {
              document.body.insertAdjacentHTML('beforeend', '<p id="x" style="color: rgb(255, 0, 0)">x</p>');
              const s = document.createElement('script'); s.textContent = 'window.__ran = 1';
              document.body.appendChild(s);
            }"""
        )
        page.wait_for_timeout(200)
        assert page.evaluate("getComputedStyle(document.getElementById('x')).color") != "rgb(255, 0, 0)"
        assert page.evaluate("window.__ran") is None
        directives = {v["directive"] for v in watcher.violations}
        assert {"style-src-attr", "script-src-elem"} <= directives, watcher.violations
    finally:
        context.close()
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"] == ["'self'"]


def test_evidence_files_still_open_under_their_sandbox(browser, live_server, live_frameworks, media_root):
    """An evidence PDF opens in Chromium's PDF viewer and an image is shown, with the sandboxing policy
    (`sandbox; default-src 'none'`) in force: no origin, so nothing it contains can reach the portal."""
    staff = UserFactory(role=Role.STAFF)
    unit = OrgUnitFactory(organisation=staff.organisation, name="สำนักปลัด")
    measure = measure_create(
        organisation=staff.organisation, fiscal_year=2567, title="มาตรการ", units=[unit], actor=staff
    )
    png = io.BytesIO()
    Image.new("RGB", (3, 2), (200, 0, 0)).save(png, "PNG")
    progress = progress_record(
        measure=measure,
        round="half",
        done="แนบหลักฐาน",
        reported_on=dt.date(2024, 3, 31),
        files=[
            SimpleUploadedFile(
                "รายงาน.pdf", weasyprint.HTML(string="<p>หลักฐาน</p>").write_pdf(), "application/pdf"
            ),
            SimpleUploadedFile("ภาพ.png", png.getvalue(), "image/png"),
        ],
        actor=staff,
    )
    pdf, image = sorted(progress.files.all(), key=lambda f: f.content_type)  # application/pdf, image/png
    context, page, watcher = new_watched_page(browser, live_server)
    try:
        login(page, staff.username)
        base = f"/o/{staff.organisation.slug}/measures/files"
        response = page.goto(f"{base}/{pdf.pk}/")
        assert response.header_value("content-security-policy") == "sandbox; default-src 'none'"
        for _ in range(50):  # Chromium starts its PDF viewer (an extension frame) after the load
            if any(f.url.startswith("chrome-extension://") for f in page.frames):
                break
            page.wait_for_timeout(200)
        assert any(f.url.startswith("chrome-extension://") for f in page.frames), [f.url for f in page.frames]
        response = page.goto(f"{base}/{image.pk}/")
        assert response.header_value("content-security-policy") == "sandbox; default-src 'none'"
        assert page.evaluate("[origin, document.images[0].naturalWidth]") == ["null", 3]
        # (Chromium's own image viewer then logs that its inline centring style was refused: the file is
        # shown top left. Not a portal page; `style-src 'unsafe-inline'` here would silence it.)
    finally:
        context.close()


def test_error_pages_pass_the_csp_and_the_back_link_works(browser, live_server, demo):
    """The 403 page's ย้อนกลับ was `javascript:history.back()` (blocked by the policy); now a data attribute
    and static/js/history_back.js. 403 and 404 pages log nothing but the status of the page itself."""
    context, page, watcher = new_watched_page(browser, live_server)
    try:
        login(page, "janlan-exec", DEMO_PASSWORD)
        page.goto("/o/jan-lan/measures/")
        assert page.goto("/o/jan-lan/measures/new/").status == 403
        page.click("a[data-history-back]")
        page.wait_for_url("**/o/jan-lan/measures/")
        assert page.goto("/o/ban-mo/measures/").status == 404
        problems = [p for p in watcher.problems if "the server responded with a status of 40" not in p]
        assert problems == [], "\n".join(problems)
    finally:
        context.close()
