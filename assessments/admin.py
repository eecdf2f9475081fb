from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models as m


class ToolInline(admin.TabularInline):
    model = m.Tool
    extra = 0


class LevelInline(admin.TabularInline):
    model = m.LevelBand
    extra = 0


class IndicatorInline(admin.TabularInline):
    model = m.Indicator
    extra = 0


@admin.register(m.Framework)
class FrameworkAdmin(SimpleHistoryAdmin):
    list_display = ["fiscal_year", "level_scheme", "pass_mark", "verified"]
    inlines = [ToolInline, LevelInline, IndicatorInline]


@admin.register(m.Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["code", "framework", "indicator", "subindicator", "answer"]
    list_filter = ["framework", "indicator__number", "answer"]
    search_fields = ["code", "text"]


@admin.register(m.SubIndicator)
class SubIndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "indicator"]
    list_filter = ["indicator__framework"]


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
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "framework", "official_total", "official_level"]
    list_filter = ["framework", "organisation__province"]
    search_fields = ["organisation__name"]
    inlines = [ToolScoreInline, IndicatorScoreInline, QuestionScoreInline]


@admin.register(m.Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["assessment", "kind", "tool", "indicator", "question", "score"]
    list_filter = ["kind", "assessment__framework"]
    filter_horizontal = ["assigned_units"]


class AnalysisRowInline(admin.TabularInline):
    model = m.AnalysisIssueQuestion
    extra = 0


@admin.register(m.AnalysisIssue)
class AnalysisIssueAdmin(SimpleHistoryAdmin):
    list_display = ["assessment", "number", "title"]
    inlines = [AnalysisRowInline]
