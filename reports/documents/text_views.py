"""The texts page of the 6-month, annual and analysis documents: every declared text (cover, titles,
paragraphs, headings, column headers, signature labels) in one form beside the document's preview.
Staff edit; executives, unit staff and supervisors read (403 on POST); another organisation 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from ita_portal.access import OrganisationMixin
from ita_portal.concurrency import StaleVersion, changes_since

from ..models import ReportText
from . import DOCUMENTS, document_html
from .common import saved_texts, texts_override
from .csp import allow_own_inline_styles
from .editable import EDITABLE_KINDS, current_value, editable_texts, texts_update
from .forms import ReportTextsForm
from .saving import report_texts_save, report_texts_version


def allow_same_origin_frame(response: HttpResponse) -> HttpResponse:
    """The preview shown inside the texts page: framed by the portal's own pages only."""
    response._csp_replace = {**getattr(response, "_csp_replace", {}), "frame-ancestors": ["'self'"]}
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response


# A text with no saved wording prints its default: the history says so instead of "–".
DEFAULT_SHOWN = "(ค่าเริ่มต้น)"


class TextsMixin(OrganisationMixin):
    def dispatch(self, request, *args, **kwargs):
        if kwargs["kind"] not in EDITABLE_KINDS:
            raise Http404("เอกสารนี้ไม่มีหน้าแก้ไขข้อความ")
        return super().dispatch(request, *args, **kwargs)

    @property
    def where(self) -> dict:
        return {"organisation": self.organisation, "fiscal_year": self.kwargs["year"]}

    def groups(self):
        return editable_texts(**self.where, kind=self.kwargs["kind"])

    def labels(self, groups) -> dict:
        """Top-level key → Thai label, for the history and the conflict message."""
        labels = {}
        for group, fields in groups:
            for f in fields:
                labels.setdefault(f.top, f"{group}: {f.label}" if f.name == f.top else group)
        return labels

    def form(self, groups, data=None) -> ReportTextsForm:
        saved = saved_texts(self.organisation, self.kwargs["year"], self.kwargs["kind"])
        initial = {f.form_name: current_value(saved, f, self.kwargs["kind"]) for _g, fs in groups for f in fs}
        initial["version"] = report_texts_version(**self.where, document=self.kwargs["kind"])
        return ReportTextsForm(data, groups=groups, initial=initial, read_only=not self.can_edit)

    def update(self, form, groups, *, restore_all=False) -> dict:
        fields = [f for _g, fs in groups for f in fs]
        saved = saved_texts(self.organisation, self.kwargs["year"], self.kwargs["kind"])
        return texts_update(self.kwargs["kind"], fields, form.values(restore_all=restore_all), dict(saved))


class ReportTextsView(TextsMixin, TemplateView):
    template_name = "reports/texts_form.html"

    def get_context_data(self, form=None, groups=None, conflict=None, **kwargs):
        for url_kwarg in ("org", "year", "kind"):
            kwargs.pop(url_kwarg, None)
        org, year, kind = self.organisation.slug, self.kwargs["year"], self.kwargs["kind"]
        groups = groups or self.groups()
        row = ReportText.objects.filter(**self.where, kind=kind).first()
        labels = self.labels(groups)
        history = []
        if row is not None:
            history = changes_since(row, 0, labels=labels, blank=DEFAULT_SHOWN)
        preview = reverse("reports:document", kwargs={"org": org, "year": year, "kind": kind})
        from .views import layout_choice  # it imports this module

        return super().get_context_data(
            layout=layout_choice(
                self.request, self.organisation, year, kind, can_edit=self.can_edit, back="texts"
            ),
            year=year,
            kind=kind,
            document_label=DOCUMENTS[kind].label,
            form=form or self.form(groups),
            history=history,
            conflict=conflict,
            preview_url=f"{preview}?embed=1",
            preview_post_url=reverse(
                "reports:texts_preview", kwargs={"org": org, "year": year, "kind": kind}
            ),
            document_url=preview,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not self.can_edit:
            raise PermissionDenied("บัญชีของท่านดูข้อมูลได้อย่างเดียว แก้ไขไม่ได้")
        groups = self.groups()
        form = self.form(groups, request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, groups=groups))
        restore_all = "restore_all" in request.POST
        seen = form.cleaned_data.get("version")
        try:
            report_texts_save(
                **self.where,
                document=self.kwargs["kind"],
                texts=self.update(form, groups, restore_all=restore_all),
                expected_version=seen,
                actor=request.user,
            )
        except StaleVersion as stale:
            # Keep what this person typed; the next save is checked against the version now on screen.
            data = request.POST.copy()
            data["version"] = str(stale.current.version)
            form = self.form(groups, data)
            form.is_valid()
            form.add_error(None, stale.messages[0])
            changes = changes_since(stale.current, seen or 0, labels=self.labels(groups), blank=DEFAULT_SHOWN)
            return self.render_to_response(
                self.get_context_data(form=form, groups=groups, conflict={"changes": changes})
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.render_to_response(self.get_context_data(form=form, groups=groups))
        messages.success(request, "คืนค่าเริ่มต้นทุกข้อความแล้ว" if restore_all else "บันทึกข้อความของเอกสารเรียบร้อยแล้ว")
        return redirect(
            "reports:texts", org=self.organisation.slug, year=self.kwargs["year"], kind=self.kwargs["kind"]
        )


class ReportTextsPreviewView(TextsMixin, View):
    """POST: the document as it would print with the texts in the form, not saved (the live preview)."""

    def post(self, request, org, year, kind):
        if not self.can_edit:
            raise PermissionDenied("บัญชีของท่านดูข้อมูลได้อย่างเดียว แก้ไขไม่ได้")
        groups = self.groups()
        form = self.form(groups, request.POST)
        form.is_valid()  # a text refused (too long) previews as its default; the save says what is wrong
        saved = dict(saved_texts(self.organisation, year, kind))
        merged = dict(saved)
        for key, value in self.update(form, groups, restore_all="restore_all" in request.POST).items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        with texts_override(self.organisation, year, kind, merged):
            html = document_html(organisation=self.organisation, fiscal_year=year, kind=kind)
        return allow_same_origin_frame(allow_own_inline_styles(HttpResponse(html)))
