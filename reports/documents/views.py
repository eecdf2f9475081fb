"""Official documents over HTTP: the list by fiscal year, the print-friendly preview, the PDF download and
the memo form. Reading goes through OrganisationMixin (404 outside the user's scope); editing the memo
needs EditorRequiredMixin (403 for executives, unit staff and supervisors)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from assessments.models import Assessment
from ita_portal.access import EditorRequiredMixin, OrganisationMixin
from ita_portal.concurrency import StaleVersion, changes_since
from measures.models import Measure

from ..models import DocumentKind, ReportText, SiteEmblem
from . import (
    DOCUMENTS,
    document_html,
    document_layout_set,
    document_pdf,
    layouts_of,
    memo_texts,
    memo_texts_save,
    memo_version,
    portrait_too_narrow,
)
from .common import saved_texts
from .csp import allow_own_inline_styles
from .editable import EDITABLE_KINDS
from .emblem import memo_missing, missing_links
from .forms import DocumentLayoutForm, MemoForm
from .layouts import ORIENTABLE, ORIENTATIONS, PORTRAIT, chosen_layout, chosen_orientation
from .text_views import allow_same_origin_frame


class DocumentMixin(OrganisationMixin):
    def dispatch(self, request, *args, **kwargs):
        if kwargs.get("kind") is not None and kwargs["kind"] not in DOCUMENTS:
            raise Http404("ไม่มีเอกสารประเภทนี้")
        return super().dispatch(request, *args, **kwargs)

    def with_memo(self) -> bool:
        return self.request.GET.get("memo") == "1" and self.kwargs["kind"] != DocumentKind.MEMO


class DocumentIndexView(OrganisationMixin, TemplateView):
    template_name = "reports/index.html"

    def get_context_data(self, **kwargs):
        org = self.organisation
        measure_years = set(Measure.objects.filter(organisation=org).values_list("fiscal_year", flat=True))
        assessed = set(
            Assessment.objects.filter(organisation=org).values_list("framework__fiscal_year", flat=True)
        )
        texts = set(ReportText.objects.filter(organisation=org).values_list("fiscal_year", "kind"))
        years = sorted(measure_years | assessed | {y for y, _ in texts}, reverse=True)
        rows = []
        for year in years:
            available = {
                DocumentKind.HALF: year in measure_years or (year, "half") in texts,
                DocumentKind.ANNUAL: year in measure_years or (year, "annual") in texts,
                DocumentKind.ANALYSIS: year in assessed,
                DocumentKind.MEMO: True,
            }
            rows.append(
                {
                    "year": year,
                    "documents": [
                        {
                            "label": DOCUMENTS[kind].label,
                            "html": reverse(
                                "reports:document", kwargs={"org": org.slug, "year": year, "kind": kind}
                            ),
                            "pdf": reverse(
                                "reports:document_pdf", kwargs={"org": org.slug, "year": year, "kind": kind}
                            ),
                            "memo_edit": reverse("reports:memo_edit", kwargs={"org": org.slug, "year": year})
                            if kind == DocumentKind.MEMO and self.can_edit
                            else "",
                            "with_memo": kind != DocumentKind.MEMO,
                            "texts": reverse(
                                "reports:texts", kwargs={"org": org.slug, "year": year, "kind": kind}
                            )
                            if kind in EDITABLE_KINDS
                            else "",
                        }
                        for kind, ok in available.items()
                        if ok
                    ],
                }
            )
        # What every memo of this organisation still lacks (from its profile; the memo page itself also
        # counts what was typed into that year's memo).
        missing = missing_links(org, memo_missing(org, SiteEmblem.current()), user=self.request.user)
        return super().get_context_data(years=rows, memo_missing=missing, **kwargs)


class DocumentPreviewView(DocumentMixin, View):
    """The document as HTML, laid out like the PDF, with a toolbar to download it. The print templates'
    own inline CSS is allowed by its hashes (reports.documents.csp)."""

    def get(self, request, org, year, kind):
        args = {"org": org, "year": year, "kind": kind}
        pdf_url = reverse("reports:document_pdf", kwargs=args)
        toolbar = {
            "index_url": reverse("reports:index", kwargs={"org": org}),
            "pdf_url": pdf_url + ("?memo=1" if self.with_memo() else ""),
            "pdf_with_memo_url": f"{pdf_url}?memo=1"
            if kind != DocumentKind.MEMO and not self.with_memo()
            else "",
            "memo_edit_url": reverse("reports:memo_edit", kwargs={"org": org, "year": year})
            if self.can_edit
            else "",
            "layout": layout_choice(self.request, self.organisation, year, kind, can_edit=self.can_edit),
            "texts_url": reverse("reports:texts", kwargs=args) if kind in EDITABLE_KINDS else "",
            "texts_label": "แก้ไขข้อความในเอกสาร" if self.can_edit else "ข้อความในเอกสาร",
        }
        embed = request.GET.get("embed") == "1"  # inside the texts page: no toolbar, framed by the portal
        extra = {"toolbar": None if embed else toolbar}
        if kind == DocumentKind.MEMO or self.with_memo():
            texts, _ = memo_texts(organisation=self.organisation, fiscal_year=year)
            missing = memo_missing(self.organisation, SiteEmblem.current(), texts)
            extra["memo_missing"] = missing_links(self.organisation, missing, user=request.user)
        html = document_html(
            organisation=self.organisation,
            fiscal_year=year,
            kind=kind,
            with_memo=self.with_memo(),
            extra=extra,
        )
        response = allow_own_inline_styles(HttpResponse(html))
        return allow_same_origin_frame(response) if embed else response


def layout_choice(
    request, organisation, year: int, kind: str, *, can_edit: bool, back: str = ""
) -> dict | None:
    """The layout and orientation selects (the preview's toolbar, the texts page), for editors of a document
    that has them; `back` = "texts" returns to the texts page after saving."""
    layouts = layouts_of(kind)
    if kind not in ORIENTABLE or not can_edit:
        return None
    texts = saved_texts(organisation, year, kind)
    orientation = chosen_orientation(texts, kind)
    row = ReportText.objects.filter(organisation=organisation, fiscal_year=year, kind=kind).first()
    return {
        "url": reverse(
            "reports:document_layout", kwargs={"org": organisation.slug, "year": year, "kind": kind}
        ),
        "csrf_token": get_token(request),
        "version": row.version if row else 0,
        "back": back,
        "current": chosen_layout(texts, kind).key if layouts else "",
        "choices": [{"key": k, "label": layout.label} for k, layout in layouts.items()],
        "orientation": orientation,
        "orientations": [{"key": k, "label": label} for k, label in ORIENTATIONS.items()],
        # A six-column table whose widest words fill the portrait width: say so next to the choice.
        "suggest_landscape": orientation == PORTRAIT
        and portrait_too_narrow(organisation=organisation, fiscal_year=year, kind=kind),
    }


class DocumentLayoutView(EditorRequiredMixin, DocumentMixin, View):
    """POST: store the layout and orientation chosen on the document page, then show the document again."""

    def post(self, request, org, year, kind):
        if kind not in ORIENTABLE:
            raise Http404("เอกสารนี้ไม่มีรูปแบบตารางหรือแนวกระดาษให้เลือก")
        form = DocumentLayoutForm(request.POST, layouts=layouts_of(kind))
        if not form.is_valid():
            messages.error(request, "เลือกรูปแบบตารางและแนวกระดาษจากรายการ")
        else:
            try:
                document_layout_set(
                    organisation=self.organisation,
                    fiscal_year=year,
                    document=kind,
                    layout=form.cleaned_data.get("layout") or None,
                    orientation=form.cleaned_data["orientation"] or None,
                    actor=request.user,
                    expected_version=form.cleaned_data.get("version"),
                )
                messages.success(request, "บันทึกรูปแบบตารางและแนวกระดาษเรียบร้อยแล้ว")
            except StaleVersion as stale:
                messages.error(request, stale.messages[0])
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        page = "reports:texts" if request.POST.get("back") == "texts" else "reports:document"
        return redirect(page, org=self.organisation.slug, year=year, kind=kind)


class DocumentPdfView(DocumentMixin, View):
    def get(self, request, org, year, kind):
        pdf = document_pdf(
            organisation=self.organisation, fiscal_year=year, kind=kind, with_memo=self.with_memo()
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        name = f"{org}-{year}-{DOCUMENTS[kind].slug}{'-with-memo' if self.with_memo() else ''}.pdf"
        disposition = "attachment" if request.GET.get("download") == "1" else "inline"
        response["Content-Disposition"] = f'{disposition}; filename="{name}"'
        return response


class MemoEditView(EditorRequiredMixin, FormView):
    template_name = "reports/memo_form.html"
    form_class = MemoForm

    def get_initial(self):
        where = {"organisation": self.organisation, "fiscal_year": self.kwargs["year"]}
        texts, _ = memo_texts(**where)
        return {**texts, "version": memo_version(**where)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(year=self.kwargs["year"], **kwargs)

    def form_valid(self, form):
        seen = form.cleaned_data.get("version")
        try:
            memo_texts_save(
                organisation=self.organisation,
                fiscal_year=self.kwargs["year"],
                texts=form.texts(),
                expected_version=seen,
                actor=self.request.user,
            )
        except StaleVersion as stale:
            # Keep what this person typed; the next save is checked against the version now on screen.
            data = self.request.POST.copy()
            data["version"] = str(stale.current.version)
            form = MemoForm(data)
            form.is_valid()
            form.add_error(None, stale.messages[0])
            conflict = {"changes": changes_since(stale.current, seen or 0, labels=MemoForm.labels())}
            return self.render_to_response(self.get_context_data(form=form, conflict=conflict))
        messages.success(self.request, "บันทึกข้อความเรียบร้อยแล้ว")
        return redirect("reports:document", org=self.organisation.slug, year=self.kwargs["year"], kind="memo")
