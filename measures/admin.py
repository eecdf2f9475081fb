from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models as m


class StepInline(admin.TabularInline):
    model = m.MeasureStep
    extra = 0


class ProgressInline(admin.StackedInline):
    model = m.Progress
    extra = 0
    fields = ["round", "reported_on", "status", "done", "outcome", "completed_on"]


@admin.register(m.Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "organisation", "fiscal_year", "number"]
    list_filter = ["fiscal_year", "organisation"]
    search_fields = ["title", "issue"]
    filter_horizontal = ["units", "indicators", "questions", "recommendations", "analysis_issues"]
    inlines = [StepInline, ProgressInline]


class LinkInline(admin.TabularInline):
    model = m.EvidenceLink
    extra = 0


class FileInline(admin.TabularInline):
    model = m.EvidenceFile
    extra = 0
    readonly_fields = ["original_name", "content_type", "size"]


@admin.register(m.Progress)
class ProgressAdmin(SimpleHistoryAdmin):
    list_display = ["measure", "round", "status", "reported_on"]
    list_filter = ["round", "status"]
    inlines = [LinkInline, FileInline]
