"""The Content-Security-Policy header (issue 9) without a browser: every page carries the site policy, the
document previews allow exactly their own print styles, and no template outside the PDF templates has
inline script or style. The browser proof (no console error on any page) is tests/browser/test_csp.py;
evidence downloads: measures/tests/test_evidence_csp.py."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from django.conf import settings
from django.urls import reverse

from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, UserFactory
from reports.documents.csp import inline_style_sources

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.fixture
def staff():
    return UserFactory(role=Role.STAFF, organisation=OrganisationFactory(slug="csp-org"))


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("home", {}),
        ("organisation_detail", {"org": "csp-org"}),
        ("dashboards:organisation", {"org": "csp-org"}),
        ("dashboards:organisation_brief", {"org": "csp-org"}),
        ("assessments:list", {"org": "csp-org"}),
        ("assessments:edit", {"org": "csp-org", "year": 2567}),
        ("measures:list", {"org": "csp-org"}),
        ("measures:create", {"org": "csp-org"}),
        ("reports:index", {"org": "csp-org"}),
        ("org:profile", {"org": "csp-org"}),
        ("org:units", {"org": "csp-org"}),
        ("password_change", {}),
    ],
)
def test_every_page_has_the_site_policy(client, staff, name, kwargs):
    client.force_login(staff)
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    assert directives(response["Content-Security-Policy"]) == POLICY
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_login_error_pages_and_admin_have_the_site_policy(client, staff):
    assert directives(client.get(reverse("login"))["Content-Security-Policy"]) == POLICY
    client.force_login(UserFactory(role=Role.EXECUTIVE, organisation=staff.organisation))
    forbidden = client.get(reverse("measures:create", kwargs={"org": "csp-org"}))  # read-only role
    assert forbidden.status_code == 403
    assert directives(forbidden["Content-Security-Policy"]) == POLICY
    missing = client.get(reverse("measures:list", kwargs={"org": "somebody-else"}))
    assert missing.status_code == 404
    assert directives(missing["Content-Security-Policy"]) == POLICY
    admin = UserFactory(role=Role.ADMIN, organisation=None, is_staff=True, is_superuser=True)
    client.force_login(admin)
    for url in ("/admin/", "/admin/ita_portal/user/", "/admin/ita_portal/user/add/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert directives(response["Content-Security-Policy"]) == POLICY, url


def test_the_settings_keep_the_policy_of_the_brief():
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"] == POLICY
    assert "csp.middleware.CSPMiddleware" in settings.MIDDLEWARE


@pytest.mark.parametrize("kind", ["half", "annual", "analysis", "memo"])
def test_a_document_preview_allows_exactly_its_own_inline_styles(client, staff, kind):
    client.force_login(staff)
    response = client.get(reverse("reports:document", kwargs={"org": "csp-org", "year": 2567, "kind": kind}))
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    html = response.content.decode()
    blocks = re.findall(r"<style>(.*?)</style>", html, re.DOTALL)
    attributes = re.findall(r'<[a-z]+ [^>]*style="([^"]*)"', html)
    assert blocks  # the print templates carry their CSS inline (reports/documents/csp.py)
    expected = sorted({sha256(t) for t in blocks} | {sha256(t) for t in attributes})
    assert policy["style-src"] == ["'self'", *expected, *(["'unsafe-hashes'"] if attributes else [])]
    assert {k: v for k, v in policy.items() if k != "style-src"} == {
        k: v for k, v in POLICY.items() if k != "style-src"
    }


def test_inline_style_sources_hash_what_the_browser_parses():
    markup = (
        "<style>\r\nh1 { color: red }\r\n</style>"
        "<col style=\"width:15%\"><p class=x style='font-weight:700; content:&quot;-&quot;'>"
        "text that says style=&quot;x&quot; is not an attribute</p>"
    )
    assert inline_style_sources(markup) == sorted(
        [sha256("\nh1 { color: red }\n"), sha256("width:15%"), sha256('font-weight:700; content:"-"')]
    ) + ["'unsafe-hashes'"]
    assert inline_style_sources("<p>no styles</p>") == []
    assert inline_style_sources("<style>a{}</style>") == [sha256("a{}")]  # no 'unsafe-hashes' needed


INLINE = [
    (re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE), "inline <script>"),
    (re.compile(r"<style\b", re.IGNORECASE), "<style> block"),
    (re.compile(r"\sstyle\s*=", re.IGNORECASE), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.IGNORECASE), "event handler attribute"),
    (re.compile(r"javascript:", re.IGNORECASE), "javascript: URL"),
]


def test_no_template_has_inline_script_or_style():
    """Templates shown in a browser load static/js and static/css only. The PDF templates (rendered by
    WeasyPrint; their browser previews allow their styles by hash) are the one exception."""
    pdf_templates = settings.BASE_DIR / "templates" / "reports" / "pdf"
    roots = [settings.BASE_DIR / "templates"] + [
        settings.BASE_DIR / app / "templates" for app in ("ita_portal", "assessments", "measures", "reports")
    ]
    found = []
    for root in roots:
        for path in sorted(root.rglob("*.html")):
            if path.is_relative_to(pdf_templates):
                continue
            text = re.sub(r"{#.*?#}|{% comment %}.*?{% endcomment %}", "", path.read_text(), flags=re.DOTALL)
            for pattern, what in INLINE:
                for match in pattern.finditer(text):
                    line = text.count("\n", 0, match.start()) + 1
                    found.append(f"{path.relative_to(settings.BASE_DIR)}:{line}: {what}")
    assert found == []
