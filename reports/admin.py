from django.contrib import admin

from .models import ReportText


@admin.register(ReportText)
class ReportTextAdmin(admin.ModelAdmin):
    list_display = ["organisation", "fiscal_year", "kind", "updated_at"]
    list_filter = ["kind", "fiscal_year"]
