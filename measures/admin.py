"""The Django admin of measures: every save and delete goes through measures.services, as the pages' do."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models as m
from . import services


class StepInline(admin.TabularInline):
    model = m.MeasureStep
    extra = 0


class ProgressInline(admin.StackedInline):
    model = m.Progress
    extra = 0
    fields = ["round", "reported_on", "status", "done", "outcome", "completed_on"]


def _kept(formset) -> list:
    """The inline's rows as the form leaves them (changed or not), without those marked for deletion."""
    return [
        form.instance
        for form in formset.forms
        if form.instance.pk or form.has_changed()
        if not (formset.can_delete and formset._should_delete_form(form))
    ]


@admin.register(m.Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "organisation", "fiscal_year", "number"]
    list_filter = ["fiscal_year", "organisation"]
    search_fields = ["title", "issue"]
    filter_horizontal = ["units", "indicators", "questions", "recommendations", "analysis_issues"]
    inlines = [StepInline, ProgressInline]

    def save_model(self, request, obj, form, change):
        services.measure_save(measure=obj, actor=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is m.MeasureStep:
            formset.save(commit=False)  # fills the forms' instances; the service writes the rows
            steps = sorted(_kept(formset), key=lambda step: (step.order, step.pk or 0))
            services.measure_steps_set(
                measure=form.instance, steps=[step.text for step in steps], actor=request.user
            )
        elif formset.model is m.Progress:
            formset.save(commit=False)
            for progress in formset.deleted_objects:
                services.progress_delete(progress=progress, actor=request.user)
            for progress in [*formset.new_objects, *(p for p, _ in formset.changed_objects)]:
                services.progress_save(progress=progress, actor=request.user)
        else:
            super().save_formset(request, form, formset, change)

    def delete_model(self, request, obj):
        services.measure_delete(measure=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for measure in queryset:
            services.measure_delete(measure=measure, actor=request.user)


class LinkInline(admin.TabularInline):
    model = m.EvidenceLink
    extra = 0


class FileInline(admin.TabularInline):
    """Files are added on the portal's progress page (checked by content there); here they are listed
    and may be deleted."""

    model = m.EvidenceFile
    extra = 0
    readonly_fields = ["file", "original_name", "content_type", "size"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(m.Progress)
class ProgressAdmin(SimpleHistoryAdmin):
    list_display = ["measure", "round", "status", "reported_on"]
    list_filter = ["round", "status"]
    inlines = [LinkInline, FileInline]

    def save_model(self, request, obj, form, change):
        services.progress_save(progress=obj, actor=request.user)

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)
        if formset.model is m.EvidenceLink:
            urls = [link.url for link in _kept(formset)]
            services.progress_links_set(progress=form.instance, links=urls, actor=request.user)
        elif formset.model is m.EvidenceFile and formset.deleted_objects:
            services.evidence_files_delete(
                progress=form.instance, files=formset.deleted_objects, actor=request.user
            )

    def delete_model(self, request, obj):
        services.progress_delete(progress=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for progress in queryset:
            services.progress_delete(progress=progress, actor=request.user)
