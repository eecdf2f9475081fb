from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Invitation, Organisation, OrgUnit, User
from .permissions import can_move_organisation
from .services import UNIT_FIELDS, organisation_save, unit_create, unit_update


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
class OrgUnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "parent", "organisation"]
    list_filter = ["kind", "organisation"]
    search_fields = ["name"]

    def get_readonly_fields(self, request, obj=None):
        # A unit stays in its organisation (its measures and members are there).
        return [*super().get_readonly_fields(request, obj), *(["organisation"] if obj else [])]

    def save_model(self, request, obj, form, change):
        data = {name: getattr(obj, name) for name in UNIT_FIELDS}
        if change:  # bumps the version: a unit form open elsewhere then sees this save
            unit_update(unit=obj, data=data, expected_version=None, actor=request.user)
        else:
            obj.pk = unit_create(organisation=obj.organisation, data=data, actor=request.user).pk


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "organisation", "is_active"]
    list_filter = ["role", "organisation", "is_active"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (
            "บทบาทในพอร์ทัล",
            {
                "fields": [
                    "role",
                    "organisation",
                    "unit",
                    "can_manage_members",
                    "supervised_province",
                    "supervised_district",
                ]
            },
        ),
    )


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    """Read-only: invitations are issued, resent and revoked on the members page (the code is not stored)."""

    list_display = ["user", "email", "created_at", "expires_at", "accepted_at", "revoked_at", "created_by"]
    list_filter = ["user__organisation"]
    search_fields = ["user__username", "user__first_name", "email"]
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
