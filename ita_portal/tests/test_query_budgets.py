"""Every page's query count does not grow with data: the pages found from the URLconf, not a hand-kept list.

Every GET page of the URLconf (admin excluded, POST-only views left out) is a case unless SKIPPED says
why (downloads, images, exports, redirects). Its URL parameters are filled from one organisation's rows
(a document page once per document kind), and it is requested by each role that opens it (PAGES) at two
sizes of the same data: SMALL (a few units in a tree, measures with progress, links and files, this year's
and last year's assessment, recommendations, an analysis issue, two members, one more organisation in the
province), then every figure grown five times, with more organisations in other districts and another
province, and the measured measure given more units, recommendations, steps and a second round.

Each request is counted twice: with the caches cleared (the uncached render) and repeated (the cached
body). A count that grows (beyond a page's documented allowance) is an N+1: the failure names the page,
the role and both figures. Pages that list the grown rows must also be bigger when grown, so a flat count
is not a page that shows nothing. PAGES must name every page: a new page without a budget fails by name.

`pytest -s` prints the table: queries small → grown, uncached and cached, and the page sizes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver, reverse

from assessments.models import Framework
from assessments.services import analysis_issue_create, assessment_create, recommendation_create
from ita_portal.invitations import invitation_create, user_create_invited
from ita_portal.models import Organisation
from ita_portal.scoping import Role
from ita_portal.services import unit_create
from ita_portal.tests.factories import OrganisationFactory, UserFactory
from ita_portal.tests.test_hostile_input import _patterns
from measures.services import measure_create, measure_update, progress_record
from measures.tests.conftest import pdf_upload
from reports.documents.editable import EDITABLE_KINDS
from reports.models import DocumentKind

pytestmark = pytest.mark.django_db

YEAR = 2566  # the assessment's fiscal year; the measures answer it in the same year, as in the demo
PROVINCE = "มหาสารคาม"
# In this order: a measure links the units, recommendations and issues made before it.
SMALL = {"units": 3, "recommendations": 2, "issues": 1, "measures": 3, "members": 2, "organisations": 1}
PLACES = [
    (PROVINCE, "วาปีปทุม"),
    (PROVINCE, "แกดำ"),
    (PROVINCE, "โกสุมพิสัย"),
    (PROVINCE, "กันทรวิชัย"),
    ("ลพบุรี", "โคกสำโรง"),
]  # the other organisations', in the order they are added (the province first)
GROWTH = 5  # GROWN = every SMALL figure times this


@dataclass(frozen=True)
class Page:
    roles: tuple[str, ...] = ("staff",)
    allowance: int = 0  # queries the grown data may add, with the reason
    why: str = ""


# Every GET page: who opens it, and what growth (if any) it is allowed. Staff of the organisation open
# /o/<org>/ pages; the overview is the supervisor's, /manage/ the province administrator's, the frameworks
# and the Garuda the system administrator's; the login and invitation pages are opened signed out.
PAGES: dict[str, Page] = {
    "home": Page(roles=("staff", "unit_staff", "executive", "supervisor", "province_admin", "admin")),
    "login": Page(roles=("anonymous",)),
    "password_change": Page(),
    "password_change_done": Page(),
    "password_reset": Page(roles=("anonymous",)),
    "password_reset_done": Page(roles=("anonymous",)),
    "password_reset_complete": Page(roles=("anonymous",)),
    "invitation_enter": Page(roles=("anonymous",)),
    "invitation_accept": Page(roles=("anonymous",)),
    "site_garuda": Page(roles=("admin",)),
    "organisation_detail": Page(roles=("staff", "unit_staff", "executive", "supervisor")),
    "org:profile": Page(),
    "org:units": Page(),
    "org:unit_create": Page(),
    "org:unit_edit": Page(),
    "org:unit_delete": Page(),
    "org:members": Page(),
    "org:member_invite": Page(),
    "org:member_edit": Page(),
    "org:member_deactivate": Page(),
    "assessments:list": Page(),
    "assessments:detail": Page(roles=("staff", "unit_staff", "executive")),
    "assessments:edit": Page(),
    "assessments:recommendation_create": Page(),
    "assessments:recommendation_edit": Page(),
    "assessments:recommendation_delete": Page(),
    "measures:list": Page(roles=("staff", "unit_staff", "executive")),
    "measures:create": Page(),
    "measures:copy_year": Page(),
    "measures:detail": Page(roles=("staff", "unit_staff", "executive")),
    "measures:edit": Page(),
    "measures:delete": Page(),
    "measures:progress_create": Page(),
    "measures:progress_edit": Page(),
    "reports:index": Page(roles=("staff", "unit_staff", "executive")),
    "reports:document": Page(),
    "reports:memo_edit": Page(),
    "reports:texts": Page(),
    "dashboards:organisation": Page(roles=("staff", "unit_staff", "executive", "supervisor")),
    "dashboards:organisation_brief": Page(),
    "dashboards:overview": Page(roles=("supervisor", "admin")),
    "manage:home": Page(roles=("province_admin",)),
    "manage:add": Page(roles=("province_admin",)),
    "manage:import": Page(roles=("province_admin",)),
    "manage:move": Page(roles=("province_admin",)),
    "manage:deactivate": Page(roles=("province_admin",)),
    "frameworks:list": Page(roles=("admin",)),
}

# Pages that list what grows: their grown page must be bigger, or the flat count proves nothing.
SHOWS_THE_ROWS = {
    "organisation_detail",
    "org:units",
    "org:members",
    "assessments:detail",
    "measures:list",
    "measures:detail",
    "measures:edit",
    "reports:document[half]",
    "reports:document[annual]",
    "reports:document[analysis]",
    "dashboards:organisation",
    "dashboards:overview",
    "manage:home",
}

# Not pages: said why (a test below checks each still names a URL).
SKIPPED = {
    "favicon": "a redirect to a static file",
    "logout": "POST only (a signed-in GET is refused)",
    "password_reset_confirm": "a redirect that keeps the e-mailed token in the session",
    "site_garuda_image": "an image download",
    "measures:evidence_file": "a file download",
    "reports:document_pdf": "a PDF download (its cache: reports/tests/test_cache_versions.py)",
    "reports:invitation_sheet": "a PDF download",
    "dashboards:overview_export": "a CSV/XLSX export",
    "manage:import_template": "a CSV/XLSX download",
    "manage:import_confirm": "needs an uploaded file in the session (redirects to the upload page)",
}


def get_pages() -> dict[str, object]:
    """{URL name: callback} of every GET view of the URLconf (admin excluded; POST-only views left out)."""
    out = {}
    for name, callback in _patterns():
        view = getattr(callback, "view_class", None)
        if name.startswith("admin:"):
            continue  # Django's admin: its own queries, not the portal's pages
        if view is not None and not hasattr(view, "get"):
            continue  # POST only: the page that holds its form is covered
        out[name] = callback
    return out


def test_every_page_has_a_budget_or_a_reason():
    pages = set(get_pages())
    missing = sorted(pages - set(PAGES) - set(SKIPPED))
    assert not missing, (
        f"pages without a query budget (add them to PAGES, or SKIPPED with the reason): {missing}"
    )
    stale = sorted((set(PAGES) | set(SKIPPED)) - pages)
    assert not stale, f"budget entries for no GET page of the URLconf: {stale}"
    assert not set(PAGES) & set(SKIPPED)
    assert all(page.why for page in PAGES.values() if page.allowance), "an allowance says why"


# ---------------------------------------------------------------- the data, through the services


class Site:
    """One organisation of the province with its people, grown in place by `grow`."""

    def __init__(self):
        self.framework = Framework.objects.get(fiscal_year=YEAR)
        self.questions = list(self.framework.questions.order_by("pk"))
        self.org = OrganisationFactory(slug="budget", province=PROVINCE, district="วาปีปทุม")
        self.users = {
            "staff": UserFactory(role=Role.STAFF, organisation=self.org, can_manage_members=True),
            "supervisor": UserFactory(role=Role.SUPERVISOR, organisation=None, supervised_province=PROVINCE),
            "province_admin": UserFactory(
                role=Role.PROVINCE_ADMIN, organisation=None, supervised_province=PROVINCE
            ),
            "admin": UserFactory(role=Role.ADMIN, organisation=None, is_staff=True, is_superuser=True),
        }
        self.actor = self.users["staff"]
        self.units, self.measures, self.recommendations, self.issues = [], [], [], []
        self._add_unit(0)  # the unit member's unit, to which the measures are assigned
        self._add_unit(1)
        self.users["unit_staff"] = UserFactory(
            role=Role.UNIT_STAFF, organisation=self.org, unit=self.units[1]
        )
        self.users["executive"] = UserFactory(role=Role.EXECUTIVE, organisation=self.org)
        self.assessment = assessment_create(
            organisation=self.org,
            fiscal_year=YEAR,
            official_total="88.50",
            question_scores={q.code: (True if q.is_item else "80") for q in self.questions[:20]},
            actor=self.actor,
        )
        # The year before's result at both sizes: the annual report compares with it (five queries
        # whether it has one row or many; without it the small page would simply skip them).
        assessment_create(
            organisation=self.org,
            fiscal_year=YEAR - 1,
            official_total="81.00",
            question_scores={q.code: "75" for q in self.questions[:5]},
            actor=self.actor,
        )
        self.members, self.others, self.codes = [], [], []
        self.counts = {**dict.fromkeys(SMALL, 0), "units": len(self.units)}
        self.grow_to(SMALL)
        self.org = Organisation.objects.get(pk=self.org.pk)
        self.measure = self.measures[0]
        self.progress = self.measure.progress.first()

    def grow_to(self, figures: dict[str, int]) -> None:
        for what, target in figures.items():
            while self.counts[what] < target:
                getattr(self, f"_add_{what.rstrip('s')}")(self.counts[what])
                self.counts[what] += 1

    def grow(self) -> None:
        self.grow_to({what: n * GROWTH for what, n in SMALL.items()})
        # The measure whose pages are measured gets the grown links and a second round.
        measure = type(self.measure).objects.get(pk=self.measure.pk)
        measure_update(
            measure=measure,
            expected_version=None,
            units=self.units,
            recommendations=self.recommendations,
            steps=[f"ขั้นตอนที่ {n}" for n in range(1, 11)],
            actor=self.actor,
        )
        if not measure.progress.filter(round="annual").exists():
            progress_record(
                measure=measure,
                round="annual",
                done="ดำเนินการครบ",
                links=[f"https://www.example.go.th/annual/{n}" for n in range(5)],
                files=[pdf_upload(f"ประจำปี-{n}.pdf") for n in range(5)],
                actor=self.actor,
            )

    def _add_unit(self, n):
        data = {"name": f"กองทดสอบ {n}", "order": n}
        if n >= 2:  # a tree, as real organisations have: pages show a unit under its parent
            data["parent"] = self.units[n % 2]
        self.units.append(unit_create(organisation=self.org, data=data, actor=self.actor))

    def _add_recommendation(self, n):
        q = self.questions[n % len(self.questions)]
        self.recommendations.append(
            recommendation_create(
                assessment=self.assessment,
                data={
                    "kind": "weakness" if n % 2 else "strength",
                    "tool": q.indicator.tool if q.indicator_id else None,
                    "question": q,
                    "issue": f"ประเด็นที่ {n}",
                    "advice": f"ข้อเสนอแนะที่ {n}",
                    "order": n,
                    "assigned_units": self.units[-2:],
                },
                actor=self.actor,
            )
        )

    def _add_issue(self, n):
        self.issues.append(
            analysis_issue_create(
                assessment=self.assessment,
                data={"number": n + 1, "title": f"ประเด็นวิเคราะห์ที่ {n + 1}", "analysis": "วิเคราะห์"},
                rows=[{"question": q, "score": "70", "remark": "ต่ำ"} for q in self.questions[n : n + 3]],
                actor=self.actor,
            )
        )

    def _add_measure(self, n):
        measure = measure_create(
            organisation=self.org,
            fiscal_year=YEAR,
            title=f"มาตรการทดสอบที่ {n + 1}",
            steps=["รวบรวมข้อมูล", "เผยแพร่"],
            units=self.units[1:3],  # one of them under a parent
            recommendations=self.recommendations[:2],
            analysis_issues=self.issues[:1],
            questions=self.questions[n : n + 2],
            period_start=dt.date(2022, 10, 1),
            period_end=dt.date(2023, 9, 1),
            reporting_deadline=dt.date(2023, 3, 31),
            actor=self.actor,
        )
        progress_record(
            measure=measure,
            round="half",
            done=f"ดำเนินการแล้วส่วนหนึ่ง {n}",
            status="done" if n % 3 == 0 else "in_progress",
            reported_on=dt.date(2023, 3, 31),
            links=[f"https://www.example.go.th/news/{n}"],
            files=[pdf_upload(f"ผลงาน-{n}.pdf")],
            actor=self.actor,
        )
        self.measures.append(measure)

    def _add_member(self, n):
        unit_staff = n % 2 == 1  # every other member reports for a unit: the list names it
        user = user_create_invited(
            organisation=self.org,
            first_name=f"สมาชิก{n}",
            last_name="ทดสอบ",
            role=Role.UNIT_STAFF if unit_staff else Role.STAFF,
            unit=self.units[n % len(self.units)] if unit_staff else None,
            actor=self.actor,
        )
        self.codes.append(invitation_create(user=user, actor=self.actor, send=False).code)
        self.members.append(user)

    def _add_organisation(self, n):
        # Grown: other districts of the province, and another province (the administrator's overview).
        province, district = PLACES[n % len(PLACES)]
        other = OrganisationFactory(slug=f"other-{n}", province=province, district=district)
        assessment_create(
            organisation=other, fiscal_year=YEAR, official_total=f"{70 + n}.25", actor=None, reason="ทดสอบ"
        )
        measure = measure_create(organisation=other, fiscal_year=YEAR, title=f"มาตรการของที่อื่น {n}", actor=None)
        progress_record(measure=measure, round="half", done="ดำเนินการ", actor=None)
        self.others.append(other)

    # ------------------------------------------------------------ URLs

    def urls(self, name: str) -> list[tuple[str, str]]:
        """[(case id, url)] of one URL name with its parameters filled from this organisation's rows."""
        pk = {
            "org:unit": self.units[0].pk,
            "org:member": self.members[0].pk,
            "assessments:recommendation": self.recommendations[0].pk,
            "measures:": self.measure.pk,
        }
        values = {
            "org": self.org.slug,
            "slug": self.org.slug,
            "year": YEAR,
            "progress": self.progress.pk,
            "code": self.codes[0],  # an open invitation's, for the signed-out invitation page
        }
        values["pk"] = next((v for prefix, v in pk.items() if name.startswith(prefix)), None)
        params = ROUTE_PARAMS[name]
        kinds = [None]
        if "kind" in params:  # every document; the texts page exists for the editable ones only
            kinds = list(EDITABLE_KINDS) if name == "reports:texts" else [k.value for k in DocumentKind]
        out = []
        for kind in kinds:
            kwargs = {p: kind if p == "kind" else values[p] for p in params}
            out.append((f"{name}[{kind}]" if kind else name, reverse(name, kwargs=kwargs)))
        return out


def _route_params(resolver=None, namespace="", params=()):
    """{URL name: the names of its parameters, the included prefixes' too}."""
    out = {}
    for entry in (resolver or get_resolver()).url_patterns:
        found = (*params, *re.findall(r"<(?:\w+:)?(\w+)>", str(entry.pattern)))
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            out.update(_route_params(entry, ns, found))
        elif entry.name:
            out[f"{namespace}{entry.name}"] = found
    return out


ROUTE_PARAMS = _route_params()


# ---------------------------------------------------------------- counting


def _clear_caches():
    for name in ("default", "dashboards"):
        caches[name].clear()


def _count(client: Client, url: str) -> tuple[int, int, int, int]:
    """(status, queries of the uncached render, queries of the cached repeat, size of the page)."""
    client.get(url)  # warm the process (lazy imports, per-process caches): not counted
    _clear_caches()
    with CaptureQueriesContext(connection) as uncached:
        response = client.get(url)
    with CaptureQueriesContext(connection) as cached:
        client.get(url)
    return response.status_code, len(uncached), len(cached), len(response.content)


def _measure_all(site: Site, clients: dict[str, Client]) -> dict[tuple[str, str], tuple[int, int, int, int]]:
    out = {}
    for name, page in PAGES.items():
        for case, url in site.urls(name):
            for role in page.roles:
                out[(case, role)] = _count(clients[role], url)
    return out


def test_no_page_query_count_grows_with_data(media_root):
    site = Site()
    clients = {"anonymous": Client()}
    for role, user in site.users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    small = _measure_all(site, clients)
    site.grow()
    grown = _measure_all(site, clients)

    lines, problems = [], []
    for (case, role), (status, uncached, cached, size) in small.items():
        g_status, g_uncached, g_cached, g_size = grown[(case, role)]
        allowance = PAGES[case.split("[")[0]].allowance
        lines.append(
            f"{case:36} {role:14} {uncached:3} → {g_uncached:3}  cached {cached:3} → {g_cached:3}"
            f"  {size // 1000:4} → {g_size // 1000:4} kB"
        )
        if status != 200 or g_status != 200:
            problems.append(f"{case} as {role}: answered {status} / {g_status}, not 200")
        if g_uncached > uncached + allowance or g_cached > cached + allowance:
            problems.append(
                f"{case} as {role}: {uncached} → {g_uncached} queries uncached, {cached} → {g_cached} cached"
                f" (allowance {allowance})"
            )
        if case in SHOWS_THE_ROWS and g_size <= size:
            problems.append(f"{case} as {role}: the grown rows are not on the page ({size} → {g_size} bytes)")
    print("\n".join(["", f"{len(small)} cases: queries small → grown (x{GROWTH}), page size", *lines]))
    assert not problems, "query counts grow with data:\n" + "\n".join(problems)
