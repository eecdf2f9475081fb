"""Dashboard pages: thin adapters that scope, call one builder and render.

The dashboard bodies are rendered once per data version and reused (reports.dashboards.cache); the
page around them (menu, user name) is rendered per request.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.generic import TemplateView

from ita_portal.access import OrganisationMixin
from ita_portal.fiscal import parse_year
from ita_portal.models import OrganisationKind
from ita_portal.scoping import scope_of

from . import (
    OverviewFilters,
    build_org_dashboard,
    build_overview,
    cached_fragment,
    cached_page,
    exports,
    filter_choices,
    organisation_version,
    overview_rows,
    overview_version,
)


def _year(request) -> int | None:
    return parse_year(request.GET.get("year"))  # None (the latest year) for anything but a known year


class OrganisationDashboardView(OrganisationMixin, TemplateView):
    """Where the organisation stands (executives and staff; supervisors of its area; admins)."""

    template_name = "dashboards/organisation.html"

    def get(self, request, *args, **kwargs):
        organisation, year, today = self.organisation, _year(request), timezone.localdate()

        def body() -> str:
            data = build_org_dashboard(organisation=organisation, fiscal_year=year, today=today)
            return render_to_string("dashboards/organisation_body.html", data)

        version = organisation_version(organisation)
        parts = ("organisation", organisation.pk, year, today.isoformat())
        html = cached_fragment(parts, version, body)
        context = {"organisation": organisation, "can_edit": self.can_edit}
        return cached_page(
            request, self.template_name, context, html, ("organisation", organisation.pk, version)
        )


class OrganisationBriefView(OrganisationMixin, TemplateView):
    """The one-page executive brief: the dashboard's data laid out for A4, as HTML or (format=pdf) a PDF."""

    template_name = "dashboards/organisation_print.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(build_org_dashboard(organisation=self.organisation, fiscal_year=_year(self.request)))
        return context

    def render_to_response(self, context, **response_kwargs):
        if self.request.GET.get("format") != "pdf":
            return super().render_to_response(context, **response_kwargs)
        from ..documents.pdf import render_pdf  # the reports pipeline; WeasyPrint is imported only there

        response = HttpResponse(render_pdf(self.template_name, context), content_type="application/pdf")
        filename = f"dashboard-{self.organisation.slug}-{context['fiscal_year']}.pdf"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response


@login_required
def overview(request):
    """Organisations the user may see, compared: supervisors their province/district, admins all."""
    filters = OverviewFilters.from_query(request.GET)
    today = timezone.localdate()
    query = request.GET.copy()
    query.pop("page", None)
    page_query = query.urlencode()
    query.pop("sort", None)
    sort_query = query.urlencode()

    def body() -> str:
        context = build_overview(user=request.user, filters=filters, today=today)
        context.update(
            filter_choices(user=request.user, filters=filters), query=page_query, query_nosort=sort_query
        )
        return render_to_string("dashboards/overview_body.html", context)

    # The gate's own value (ita_portal.scoping.scope_of): users who see different organisations never
    # share an entry; the version is that of the organisations this user sees.
    parts = ("overview", scope_of(request.user), filters, page_query, today.isoformat())
    html = cached_fragment(parts, overview_version(request.user), body)
    return cached_page(request, "dashboards/overview.html", {}, html, ())


@login_required
def overview_export(request, fmt: str):
    """The whole filtered table (not one page) as CSV or XLSX."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    filters = OverviewFilters.from_query(request.GET)
    rows, _, year, *_ = overview_rows(user=request.user, filters=filters)
    cells = exports.table_rows(rows, dict(OrganisationKind.choices))
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(cells), content_type="text/csv; charset=utf-8")
    else:
        title = f"ผลการประเมิน ITA ปีงบประมาณ {year}"
        response = HttpResponse(
            exports.to_xlsx(cells, title=title),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="ita-overview-{year}-{stamp}.{fmt}"'
    return response
