"""Measures and progress screens under /o/<org>/measures/. Reads go through `visible_to` and the
organisation in the URL (404 outside the user's scope); writes call the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DeleteView, DetailView, FormView, ListView, TemplateView

from ita_portal import history_diff, thai
from ita_portal.access import EditorRequiredMixin, OrganisationMixin, organisation_for
from ita_portal.concurrency import StaleVersion
from ita_portal.fiscal import parse_year
from ita_portal.models import OrgUnit
from ita_portal.page_cache import cached_fragment, cached_page
from ita_portal.permissions import can_record_progress
from ita_portal.submissions import FIELD as SUBMIT_TOKEN
from ita_portal.submissions import REPLAYED, submission_save

from . import services
from .filters import MeasureFilter
from .forms import CopyYearForm, MeasureForm, ProgressForm, step_formset
from .models import EvidenceFile, Measure, Progress
from .uploads import INLINE_TYPES
from .years import default_year_of

# ---------------------------------------------------------------- change log (simple-history rows)

# Derived or bookkeeping fields: never shown as a person's change.
HIDDEN_FIELDS = history_diff.BOOKKEEPING | {"status", "due_date", "organisation", "created_by", "measure"}
MEASURE_M2M = {
    "units": "ผู้รับผิดชอบ",
    "indicators": "ตัวชี้วัด",
    "questions": "ข้อคำถาม/รายการ",
    "recommendations": "ข้อเสนอแนะที่ตอบสนอง",
}


def _month(value) -> str:
    return thai.month_long(value, thai=False) if value else history_diff.BLANK


# A period is a month: "ตุลาคม 2567", not the first day of it.
SHOW = {"period_start": _month, "period_end": _month}


def _code_or_name(obj) -> str:
    return getattr(obj, "code", None) or str(obj)


def _attach_link_ids(records) -> None:
    """record.link_ids = {"units": {ids}, …}: the links snapshotted with each history row (4 queries)."""
    by_id = {r.history_id: r for r in records}
    for record in records:
        record.link_ids = {name: set() for name in MEASURE_M2M}
    for name in MEASURE_M2M:
        rows = getattr(Measure.history.model, name).model.objects.filter(history_id__in=by_id)
        column = "orgunit_id" if name == "units" else f"{name[:-1]}_id"
        for history_id, target in rows.values_list("history_id", column):
            by_id[history_id].link_ids[name].add(target)


def _link_labels(records) -> dict[str, dict[int, str]]:
    from assessments.models import Indicator, Question, Recommendation

    ids = {name: set().union(*(r.link_ids[name] for r in records)) for name in MEASURE_M2M}
    recommendations = Recommendation.objects.filter(pk__in=ids["recommendations"]).select_related(
        "question", "indicator", "tool"
    )
    return {
        "units": dict(OrgUnit.objects.filter(pk__in=ids["units"]).values_list("pk", "name")),
        "indicators": {
            pk: f"ตัวชี้วัดที่ {n}"
            for pk, n in Indicator.objects.filter(pk__in=ids["indicators"]).values_list("pk", "number")
        },
        "questions": dict(Question.objects.filter(pk__in=ids["questions"]).values_list("pk", "code")),
        "recommendations": {r.pk: str(r) for r in recommendations},
    }


def _link_changes(record, older, labels) -> list[dict]:
    changes = []
    for name, title in MEASURE_M2M.items():
        before = older.link_ids[name] if older else set()
        change = history_diff.link_change(title, before, record.link_ids[name], labels[name])
        if change:
            changes.append(change)
    return changes


def _walk(model, history, *, limit: int, subject, links: bool = False) -> list[dict]:
    """Entries for the newest `limit` rows of `history`, each compared with the row before it for the
    same object (one more row is read as the baseline of the oldest shown)."""
    records = list(
        history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    records.reverse()
    labels = {}
    names = history_diff.fk_names(model, records, label=_code_or_name, skip=HIDDEN_FIELDS)
    if links:
        _attach_link_ids(records)
        labels = _link_labels(records)
    entries = []
    for index, (record, older) in enumerate(history_diff.with_previous(records)):
        if index == 0 and len(records) > limit:
            continue  # the baseline only
        changes = []
        if record.history_type != "-":
            changes = history_diff.field_changes(
                model, record, older, hidden=HIDDEN_FIELDS, names=names, show=SHOW
            )
            if links:
                changes += _link_changes(record, older, labels)
        entries.append(history_diff.entry(record, changes, subject=subject(record), kind=model))
    entries.reverse()
    return entries


def _progress_subject(record) -> str:
    return f"ผลการดำเนินการ {record.get_round_display()}"


def change_log(obj, *, since_version: int | None = None, limit: int = 40) -> list[dict]:
    """Who changed what and when, newest first. For a measure: its own rows (fields and links) and its
    progress entries' rows; for a progress entry: its rows. With `since_version`: only the saves of
    `obj` after that version (what someone else did while this person had the form open)."""
    if isinstance(obj, Measure):
        entries = _walk(Measure, obj.history.all(), limit=limit, subject=lambda r: "มาตรการ", links=True)
        if since_version is None:
            progress = Progress.history.filter(measure_id=obj.pk)
            entries += _walk(Progress, progress, limit=limit, subject=_progress_subject)
    else:
        entries = _walk(Progress, obj.history.all(), limit=limit, subject=_progress_subject)
    if since_version is not None:
        entries = [e for e in entries if e["version"] > since_version]
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries[:limit]


def measures_of(user, organisation):
    return Measure.objects.visible_to(user).filter(organisation=organisation)


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError next to the form's fields (or above the form for the rest)."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error)


def organisation_years(user, organisation) -> list[int]:
    return sorted(set(measures_of(user, organisation).values_list("fiscal_year", flat=True)), reverse=True)


class MeasureListView(OrganisationMixin, ListView):
    """The body (filters and table) is rendered once per organisation data version, query string, day
    and edit right, and reused (ita_portal.page_cache): rendering it cost ~60 ms, and 20 readers on two
    cores need a few (bench/README.md). It shows nothing else of the user: every member who may open
    the list sees the same rows (visible_to) and filter choices."""

    template_name = "measures/measure_list.html"
    body_template = "measures/measure_list_body.html"
    context_object_name = "measures"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        organisation, today = self.organisation, timezone.localdate()

        def body() -> str:
            self.object_list = self.get_queryset()
            return render_to_string(self.body_template, self.get_context_data(), request=request)

        version = (organisation.data_version,)
        query = sorted((k, tuple(v)) for k, v in request.GET.lists())
        parts = ("measures", organisation.pk, query, self.can_edit, today.isoformat())
        html = cached_fragment(parts, version, body)
        context = {"organisation": organisation, "can_edit": self.can_edit}
        return cached_page(request, self.template_name, context, html, ("measures", organisation.pk, version))

    def get_queryset(self):
        self.today = timezone.localdate()
        self.filterset = MeasureFilter(
            self.request.GET or None,
            queryset=measures_of(self.request.user, self.organisation),
            organisation=self.organisation,
            user=self.request.user,
            years=organisation_years(self.request.user, self.organisation),
            default_year=default_year_of(self.organisation, self.today),
            today=self.today,
        )
        return (
            self.filterset.qs.select_related("tool")
            .prefetch_related(
                Prefetch("units", queryset=OrgUnit.objects.order_by("order", "name")),
                "indicators",
            )
            .order_by("-fiscal_year", "number", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        year = self.filterset.year
        overdue = None
        if (
            year is not None
        ):  # the year's overdue count, whatever else is filtered (as home and dashboard count)
            overdue = (
                measures_of(self.request.user, self.organisation).filter(fiscal_year=year).overdue(self.today)
            )
        context.update(
            filter=self.filterset,
            year=year,
            overdue_count=overdue.count() if overdue is not None else None,
            today=self.today,
            query_string=query.urlencode(),
        )
        return context


class MeasureDetailView(OrganisationMixin, DetailView):
    template_name = "measures/measure_detail.html"
    context_object_name = "measure"

    def get_queryset(self):
        return (
            measures_of(self.request.user, self.organisation)
            .select_related("tool")
            .prefetch_related(
                "steps",
                Prefetch("units", queryset=OrgUnit.objects.select_related("parent__parent")),
                "indicators",
                "questions",
                "recommendations__assessment__framework",
                "recommendations__question",
                "recommendations__indicator",
                Prefetch(
                    "progress",
                    queryset=Progress.objects.select_related("created_by")
                    .prefetch_related("links", "files")
                    .order_by("reported_on", "pk"),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        measure = self.object
        context.update(
            can_record=can_record_progress(self.request.user, measure),
            overdue=measure.is_overdue(),
            history=change_log(measure),
        )
        return context


class MeasureFormView(EditorRequiredMixin, TemplateView):
    """Create and edit share one page: the measure form, its ordered steps, and the version check."""

    template_name = "measures/measure_form.html"

    def get_measure(self) -> Measure:
        raise NotImplementedError

    def forms(self, data=None, measure=None):
        measure = measure or self.measure
        form = MeasureForm(data, instance=measure, organisation=self.organisation, user=self.request.user)
        return form, step_formset(data, measure=measure)

    def get(self, request, *args, **kwargs):
        self.measure = self.get_measure()
        form, steps = self.forms()
        return self.render_to_response(self.get_context_data(form=form, steps=steps))

    def post(self, request, *args, **kwargs):
        self.measure = self.get_measure()
        if "add_step" in request.POST:  # without JavaScript: the same page with one more blank step
            data = request.POST.copy()
            data["steps-TOTAL_FORMS"] = str(int(data.get("steps-TOTAL_FORMS") or 0) + 1)
            form, steps = self.forms(data)
            form.errors.clear()  # not a save: keep what was typed, complain about nothing yet
            return self.render_to_response(self.get_context_data(form=form, steps=steps, show_errors=False))
        form, steps = self.forms(request.POST)
        conflict = None
        if form.is_valid() and steps.is_valid():
            seen = form.cleaned_data.get("version")
            try:
                submitted = submission_save(
                    token=form.cleaned_data.get(SUBMIT_TOKEN),
                    kind="measure_create",
                    save=lambda: form.save(steps=steps.steps(), actor=request.user),
                    actor=request.user,
                )
            except StaleVersion as stale:
                # Keep what this person typed; show what the other person saved; the next save is
                # checked against the version now on screen, so it is a deliberate overwrite.
                data = request.POST.copy()
                data["version"] = str(stale.current.version)
                form, steps = self.forms(data, measure=stale.current)
                form.is_valid()
                form.add_error(None, stale.messages[0])
                conflict = {
                    "current": stale.current,
                    "changes": change_log(stale.current, since_version=seen),
                }
            except ValidationError as error:
                add_errors(form, error)
            else:
                if submitted.replayed:
                    messages.info(request, REPLAYED)
                else:
                    messages.success(request, self.success_message)
                return redirect("measures:detail", org=self.organisation.slug, pk=submitted.object_id)
        return self.render_to_response(self.get_context_data(form=form, steps=steps, conflict=conflict))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("conflict", None)
        context.setdefault("show_errors", True)
        context["measure"] = self.measure
        return context


class MeasureCreateView(MeasureFormView):
    success_message = "บันทึกมาตรการใหม่แล้ว"

    def get_measure(self) -> Measure:
        year = parse_year(self.request.GET.get("year") or self.request.POST.get("fiscal_year"))
        if year is None:
            year = default_year_of(self.organisation, timezone.localdate())
        return Measure(organisation=self.organisation, fiscal_year=year)


class MeasureEditView(MeasureFormView):
    success_message = "บันทึกการแก้ไขมาตรการแล้ว"

    def get_measure(self) -> Measure:
        return get_object_or_404(
            measures_of(self.request.user, self.organisation).prefetch_related("steps"), pk=self.kwargs["pk"]
        )


class MeasureDeleteView(EditorRequiredMixin, DeleteView):
    template_name = "measures/measure_confirm_delete.html"
    context_object_name = "measure"

    def get_queryset(self):
        return measures_of(self.request.user, self.organisation).prefetch_related("steps", "progress")

    def form_valid(self, form):
        measure = self.get_object()
        services.measure_delete(measure=measure, actor=self.request.user)
        messages.success(self.request, f"ลบมาตรการ “{measure}” แล้ว")
        url = reverse("measures:list", kwargs={"org": self.organisation.slug})
        return redirect(f"{url}?fiscal_year={measure.fiscal_year}")


class CopyYearView(EditorRequiredMixin, FormView):
    template_name = "measures/copy_year.html"
    form_class = CopyYearForm

    def years(self) -> list[int]:
        if not hasattr(self, "_years"):
            self._years = organisation_years(self.request.user, self.organisation)
        return self._years

    def get_initial(self):
        years = self.years()
        try:
            source = int(self.request.GET.get("source") or 0)
        except ValueError:
            source = 0
        source = source if source in years else (years[0] if years else None)
        return {"source_year": source, "target_year": source + 1 if source else None}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.organisation, "years": self.years()}

    def form_valid(self, form):
        try:
            copies = form.save(actor=self.request.user)
        except ValidationError:
            return self.form_invalid(form)
        target = form.cleaned_data["target_year"]
        messages.success(
            self.request,
            f"คัดลอก {len(copies)} มาตรการไปยังปีงบประมาณ {target} แล้ว โปรดตรวจทานและแก้ไขให้ตรงกับปีใหม่",
        )
        return redirect(
            f"{reverse('measures:list', kwargs={'org': self.organisation.slug})}?fiscal_year={target}"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        source = form["source_year"].value()
        target = form["target_year"].value()
        rows = measures_of(self.request.user, self.organisation)
        try:
            source, target = int(source), int(target)
        except (TypeError, ValueError):
            source = target = None
        context.update(
            years=self.years(),
            source=source,
            target=target,
            to_copy=rows.filter(fiscal_year=source).prefetch_related("steps", "units").order_by("number")
            if source
            else [],
            existing=rows.filter(fiscal_year=target).count() if target else 0,
        )
        return context


# ---------------------------------------------------------------- progress


class ProgressGateMixin:
    """After OrganisationMixin: the measure of the URL (404 outside scope), then who may record on it
    (staff, or unit staff of an assigned unit; 403 for everyone else)."""

    def dispatch(self, request, *args, **kwargs):
        self.measure = get_object_or_404(
            measures_of(request.user, self.organisation).prefetch_related("units__parent__parent"),
            pk=kwargs["pk"],
        )
        if not can_record_progress(request.user, self.measure):
            raise PermissionDenied("บัญชีของท่านบันทึกผลการดำเนินการของมาตรการนี้ไม่ได้ (ไม่ใช่ผู้รับผิดชอบ)")
        return super().dispatch(request, *args, **kwargs)


class ProgressFormView(OrganisationMixin, ProgressGateMixin, FormView):
    template_name = "measures/progress_form.html"
    form_class = ProgressForm

    def get_progress(self) -> Progress | None:
        return None

    def get_form_kwargs(self):
        self.progress = getattr(self, "progress", None) or self.get_progress()
        kwargs = super().get_form_kwargs()
        kwargs.update(measure=self.measure, instance=self.progress)
        return kwargs

    def form_valid(self, form):
        seen = form.cleaned_data.get("version")
        try:
            submitted = submission_save(
                token=form.cleaned_data.get(SUBMIT_TOKEN),
                kind=f"progress_create:{self.measure.pk}",
                save=lambda: form.save(actor=self.request.user),
                actor=self.request.user,
            )
        except StaleVersion as stale:
            data = self.request.POST.copy()
            data["version"] = str(stale.current.version)
            self.progress = stale.current
            form = ProgressForm(data, self.request.FILES, measure=self.measure, instance=stale.current)
            form.is_valid()
            form.add_error(None, stale.messages[0])
            if self.request.FILES:
                form.add_error("files", "โปรดเลือกไฟล์อีกครั้ง (ไฟล์ที่เลือกไว้ยังไม่ได้บันทึก)")
            conflict = {"current": stale.current, "changes": change_log(stale.current, since_version=seen)}
            return self.render_to_response(self.get_context_data(form=form, conflict=conflict))
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        if submitted.replayed:
            messages.info(self.request, REPLAYED)
        else:
            messages.success(self.request, self.success_message)
        url = reverse("measures:detail", kwargs={"org": self.organisation.slug, "pk": self.measure.pk})
        return redirect(f"{url}#progress")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("conflict", None)
        context.update(measure=self.measure, progress=self.progress)
        return context


class ProgressCreateView(ProgressFormView):
    success_message = "บันทึกผลการดำเนินการแล้ว"

    def get_initial(self):
        return {"reported_on": timezone.localdate()}


class ProgressEditView(ProgressFormView):
    success_message = "บันทึกการแก้ไขผลการดำเนินการแล้ว"

    def get_progress(self) -> Progress:
        return get_object_or_404(
            Progress.objects.visible_to(self.request.user).filter(measure=self.measure),
            pk=self.kwargs["progress"],
        )


EVIDENCE_CSP = "sandbox; default-src 'none'"


@login_required
def evidence_file(request, org, pk):
    """An evidence file, only to people who may see its organisation (404 otherwise, as for any row)."""
    organisation = organisation_for(request, org)
    evidence = get_object_or_404(
        EvidenceFile.objects.visible_to(request.user).filter(progress__measure__organisation=organisation),
        pk=pk,
    )
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("ไม่พบไฟล์") from None
    response = FileResponse(
        handle,
        as_attachment=evidence.content_type not in INLINE_TYPES,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # An uploaded file is not our page: shown inline (PDF, image, text) it runs in a sandbox with no
    # origin, scripts or forms and may load nothing (set here, so the site-wide policy is not added).
    response["Content-Security-Policy"] = EVIDENCE_CSP
    response["Cache-Control"] = "private, no-store"
    return response
