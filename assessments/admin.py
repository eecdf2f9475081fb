"""The admin of frameworks and results. Writes to an organisation's results go through the services (as
the pages do): the history rows name the administrator and the organisation's pages hear of it once."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ita_portal import changes

from . import models as m
from . import services


class ToolInline(admin.TabularInline):
    model = m.Tool
    extra = 0


class LevelInline(admin.TabularInline):
    model = m.LevelBand
    extra = 0


class IndicatorInline(admin.TabularInline):
    model = m.Indicator
    extra = 0


@admin.register(m.Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["code", "framework", "indicator", "subindicator", "answer"]
    list_filter = ["framework", "indicator__number", "answer"]
    search_fields = ["code", "text"]


@admin.register(m.SubIndicator)
class SubIndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "indicator"]
    list_filter = ["indicator__framework"]


class ServicesAdmin(SimpleHistoryAdmin):
    """An admin whose saves and deletes call services. One admin page saved is one write: the row and
    its inline tables are several services, announced together (one version bump)."""

    fixed_on_change: tuple[str, ...] = ()  # what the services do not move (the row's owner)

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        return fields + self.fixed_on_change if obj is not None else fields

    def changeform_view(self, *args, **kwargs):
        return changes.write(super().changeform_view)(*args, **kwargs)

    def delete_view(self, *args, **kwargs):
        return changes.write(super().delete_view)(*args, **kwargs)

    def changelist_view(self, *args, **kwargs):  # the "delete selected" action
        return changes.write(super().changelist_view)(*args, **kwargs)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(m.Framework)
class FrameworkAdmin(ServicesAdmin):
    """A year's rules: saving them stores that year's results again by the new rules."""

    list_display = ["fiscal_year", "level_scheme", "pass_mark", "verified"]
    inlines = [ToolInline, LevelInline, IndicatorInline]

    def save_model(self, request, obj, form, change):
        services.framework_save(framework=obj, actor=request.user)

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)
        services.framework_rows_save(
            framework=form.instance,
            created=formset.new_objects,
            changed=[row for row, _ in formset.changed_objects],
            deleted=formset.deleted_objects,
            actor=request.user,
        )


def _adopt(obj, saved) -> None:
    """The admin goes on with its own instance (log entry, redirect): give it the saved row's identity."""
    obj.pk, obj.version = saved.pk, saved.version
    obj._state.adding = False


class ToolScoreInline(admin.TabularInline):
    model = m.ToolScore
    extra = 0


class IndicatorScoreInline(admin.TabularInline):
    model = m.IndicatorScore
    extra = 0


class QuestionScoreInline(admin.TabularInline):
    model = m.QuestionScore
    extra = 0


@admin.register(m.Assessment)
class AssessmentAdmin(ServicesAdmin):
    list_display = ["organisation", "framework", "official_total", "official_level"]
    list_filter = ["framework", "organisation__province"]
    search_fields = ["organisation__name"]
    inlines = [ToolScoreInline, IndicatorScoreInline, QuestionScoreInline]
    fixed_on_change = ("organisation", "framework")

    def save_model(self, request, obj, form, change):
        services.assessment_save(assessment=obj, actor=request.user)

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)  # sorts the rows into new, changed and deleted; writes nothing
        services.assessment_score_rows_save(
            assessment=form.instance,
            model=formset.model,
            created=formset.new_objects,
            changed=[row for row, _ in formset.changed_objects],
            deleted=formset.deleted_objects,
            actor=request.user,
        )

    def delete_model(self, request, obj):
        services.assessment_delete(assessment=obj, actor=request.user)


@admin.register(m.Recommendation)
class RecommendationAdmin(ServicesAdmin):
    list_display = ["assessment", "kind", "tool", "indicator", "question", "score"]
    list_filter = ["kind", "assessment__framework"]
    filter_horizontal = ["assigned_units"]
    fixed_on_change = ("assessment",)

    def save_model(self, request, obj, form, change):
        fields = (*services.RECOMMENDATION_FIELDS, "assigned_units")
        data = {name: form.cleaned_data[name] for name in fields if name in form.cleaned_data}
        if change:
            saved = services.recommendation_update(
                recommendation=obj, data=data, expected_version=None, actor=request.user
            )
        else:
            saved = services.recommendation_create(assessment=obj.assessment, data=data, actor=request.user)
        _adopt(obj, saved)

    def save_related(self, request, form, formsets, change):
        pass  # the service set the assigned units (in the same history row); there are no inlines

    def delete_model(self, request, obj):
        services.recommendation_delete(recommendation=obj, actor=request.user)


class AnalysisRowInline(admin.TabularInline):
    model = m.AnalysisIssueQuestion
    extra = 0


@admin.register(m.AnalysisIssue)
class AnalysisIssueAdmin(ServicesAdmin):
    list_display = ["assessment", "number", "title"]
    inlines = [AnalysisRowInline]
    fixed_on_change = ("assessment",)

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in services.ANALYSIS_ISSUE_FIELDS}
        if change:
            services.analysis_issue_update(issue=obj, data=data, actor=request.user)
        else:
            saved = services.analysis_issue_create(assessment=obj.assessment, data=data, actor=request.user)
            obj.pk = saved.pk
            obj._state.adding = False

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)
        services.analysis_issue_rows_save(
            issue=form.instance,
            created=formset.new_objects,
            changed=[row for row, _ in formset.changed_objects],
            deleted=formset.deleted_objects,
            actor=request.user,
        )

    def delete_model(self, request, obj):
        services.analysis_issue_delete(issue=obj, actor=request.user)
