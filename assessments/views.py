"""Assessment screens under /o/<org>/assessments/: list, one year's result, the entry page and the
recommendations. Reads go through the scoping gate; writes need the editor permission."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import DeleteView, FormView, TemplateView

from ita_portal.access import EditorRequiredMixin, OrganisationMixin
from ita_portal.concurrency import StaleVersion, changes_since
from ita_portal.views import add_errors, conflict_form

from .forms import AssessmentEntryForm, RecommendationForm, initial_from, preview_rules
from .history import assessment_history
from .models import Assessment, Framework, Recommendation
from .services import (
    assessment_entry_save,
    recommendation_create,
    recommendation_delete,
    recommendation_update,
)


class AssessmentListView(OrganisationMixin, TemplateView):
    template_name = "assessments/assessment_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assessments = list(
            Assessment.objects.visible_to(self.request.user)
            .filter(organisation=self.organisation)
            .select_related("framework")
            .order_by("-framework__fiscal_year")
        )
        done = {a.framework.fiscal_year for a in assessments}
        context.update(
            assessments=assessments,
            open_years=[
                f.fiscal_year for f in Framework.objects.order_by("-fiscal_year") if f.fiscal_year not in done
            ],
        )
        return context


def _assessment(view, year: int) -> Assessment:
    return get_object_or_404(
        Assessment.objects.visible_to(view.request.user).with_scores(),
        organisation=view.organisation,
        framework__fiscal_year=year,
    )


class AssessmentDetailView(OrganisationMixin, TemplateView):
    template_name = "assessments/assessment_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assessment = _assessment(self, kwargs["year"])
        scores = {s.indicator.number: s.score for s in assessment.indicator_scores.all()}
        questions = {q.question_id: q for q in assessment.question_scores.select_related("question")}
        framework = assessment.framework
        rows = []
        for indicator in framework.indicators.select_related("tool").prefetch_related("questions"):
            rows.append(
                {
                    "indicator": indicator,
                    "score": scores.get(indicator.number),
                    "below_pass": scores.get(indicator.number) is not None
                    and scores[indicator.number] < framework.pass_mark,
                    "questions": [(q, questions.get(q.pk)) for q in indicator.questions.all()],
                }
            )
        context.update(
            assessment=assessment,
            summary=assessment.summary(),
            rows=rows,
            recommendations=assessment.recommendations.select_related(
                "tool", "indicator", "question"
            ).prefetch_related("assigned_units"),
            history=assessment_history(assessment),
        )
        return context


class AssessmentEntryView(EditorRequiredMixin, FormView):
    """Create or update one year's result on one page (pasting a spreadsheet column fills a group)."""

    template_name = "assessments/assessment_entry.html"
    form_class = AssessmentEntryForm

    @cached_property
    def framework(self) -> Framework:
        return get_object_or_404(Framework.objects.with_rules(), fiscal_year=self.kwargs["year"])

    def get_assessment(self) -> Assessment | None:
        return (
            Assessment.objects.visible_to(self.request.user)
            .filter(organisation=self.organisation, framework=self.framework)
            .first()
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["framework"] = self.framework
        return kwargs

    def get_initial(self):
        if self.request.method == "POST":  # a posted form shows what was posted: no reads for it
            return {}
        return initial_from(self.get_assessment())

    def form_valid(self, form):
        try:
            assessment = assessment_entry_save(
                organisation=self.organisation,
                framework=self.framework,
                expected_version=form.cleaned_data.get("version"),
                official_total=form.cleaned_data.get("official_total"),
                official_level=form.cleaned_data.get("official_level"),
                tool_scores=form.tool_scores(),
                indicator_scores=form.indicator_scores(),
                question_scores=form.question_scores(),
                actor=self.request.user,
            )
        except StaleVersion as stale:
            form.add_error(None, stale.messages[0])
            return self.render_to_response(
                self.get_context_data(
                    form=form, conflict=changes_since(stale.current, form.cleaned_data.get("version") or 0)
                )
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        summary = assessment.summary()
        messages.success(self.request, f"บันทึกผลการประเมินปี {self.framework.fiscal_year} แล้ว")
        for what, official, computed in summary.mismatches:
            messages.warning(
                self.request, f"{what}: ที่ประกาศ {official} ไม่ตรงกับที่คำนวณได้ {computed} โปรดตรวจสอบ"
            )
        return HttpResponseRedirect(
            reverse(
                "assessments:detail",
                kwargs={"org": self.organisation.slug, "year": self.framework.fiscal_year},
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scheme = self.framework.scheme()
        context.update(
            framework=self.framework,
            assessment=self.get_assessment(),
            rules=preview_rules(scheme),
            layout=context["form"].layout(),
        )
        return context


class RecommendationMixin:
    def get_assessment(self) -> Assessment:
        return _assessment(self, self.kwargs["year"])

    def get_success_url(self):
        return (
            reverse("assessments:detail", kwargs={"org": self.organisation.slug, "year": self.kwargs["year"]})
            + "#recommendations"
        )


class RecommendationFormView(RecommendationMixin, EditorRequiredMixin, FormView):
    template_name = "assessments/recommendation_form.html"
    form_class = RecommendationForm

    def get_object(self) -> Recommendation | None:
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(
            Recommendation.objects.visible_to(self.request.user),
            pk=self.kwargs["pk"],
            assessment__organisation=self.organisation,
            assessment__framework__fiscal_year=self.kwargs["year"],
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(assessment=self.get_assessment(), instance=self.get_object())
        return kwargs

    def form_valid(self, form):
        user = self.request.user
        try:
            if form.instance.pk:
                recommendation_update(
                    recommendation=form.instance,
                    data=form.recommendation_data(),
                    expected_version=form.cleaned_data.get("version"),
                    actor=user,
                )
            else:
                recommendation_create(
                    assessment=form.instance.assessment, data=form.recommendation_data(), actor=user
                )
        except StaleVersion as stale:
            form, conflict = conflict_form(self.request, form, stale, assessment=form.instance.assessment)
            return self.render_to_response(self.get_context_data(form=form, conflict=conflict))
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "บันทึกข้อเสนอแนะแล้ว")
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assessment"] = self.get_assessment()
        return context


class RecommendationDeleteView(RecommendationMixin, EditorRequiredMixin, DeleteView):
    template_name = "assessments/recommendation_confirm_delete.html"
    context_object_name = "recommendation"

    def get_queryset(self):
        return Recommendation.objects.visible_to(self.request.user).filter(
            assessment__organisation=self.organisation, assessment__framework__fiscal_year=self.kwargs["year"]
        )

    def form_valid(self, form):
        recommendation_delete(recommendation=self.object, actor=self.request.user)
        messages.success(self.request, "ลบข้อเสนอแนะแล้ว")
        return HttpResponseRedirect(self.get_success_url())
