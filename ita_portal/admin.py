from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Organisation, OrgUnit, User
from .permissions import can_move_organisation
from .services import organisation_save


class OrgUnitInline(admin.TabularInline):
    model = OrgUnit
    extra = 0
    fields = ["name", "kind", "parent", "order"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "district", "province", "use_thai_digits"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "short_name", "district", "province"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrgUnitInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not can_move_organisation(request.user, obj):
            fields += Organisation.LOCATION_FIELDS
        return fields

    def save_model(self, request, obj, form, change):
        organisation_save(organisation=obj, actor=request.user)


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "organisation"]
    list_filter = ["kind", "organisation"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "organisation", "is_active"]
    list_filter = ["role", "organisation", "is_active"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (
            "บทบาทในพอร์ทัล",
            {"fields": ["role", "organisation", "unit", "supervised_province", "supervised_district"]},
        ),
    )
