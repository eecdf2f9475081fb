from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.contrib.auth.models import Group
from simple_history.admin import SimpleHistoryAdmin

from .models import Invitation, Organisation, OrgUnit, User
from .permissions import can_move_organisation
from .services import (
    UNIT_FIELDS,
    organisation_delete,
    organisation_save,
    unit_create,
    unit_delete,
    unit_update,
    user_delete,
    user_save,
)

# One place for the portal part of a user, on the add page and the change page alike: User.clean()
# checks these together (a staff role needs an organisation, unit staff a unit of that organisation).
PORTAL_ROLE_FIELDS = [
    "role",
    "organisation",
    "unit",
    "can_manage_members",
    "supervised_province_ref",
    "supervised_district_ref",
]


PERMISSION_ACTIONS = {"add": "เพิ่ม", "change": "แก้ไข", "delete": "ลบ", "view": "ดู"}


def permission_label(permission) -> str:
    """ "ข้อมูลหน่วยงาน | หน่วยงาน | แก้ไขหน่วยงาน": Django stores permission names in English at migrate
    time ("Can change organisation"), so the admin's permission lists are labelled from the models."""
    action, _, _ = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if model is None or action not in PERMISSION_ACTIONS:
        return str(permission)
    instance_type = getattr(model, "instance_type", None)  # a django-simple-history model
    name = f"ประวัติ{instance_type._meta.verbose_name}" if instance_type else str(model._meta.verbose_name)
    return f"{model._meta.app_config.verbose_name} | {name} | {PERMISSION_ACTIONS[action]}{name}"


class ThaiPermissionsMixin:
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions") and field is not None:
            field.label_from_instance = permission_label
        return field


class PasswordChangeForm(AdminPasswordChangeForm):
    # Django appends this warning as a fixed English string, outside its translation catalogue.
    usable_password_help_text = SetUnusablePasswordMixin.usable_password_help_text + (
        '<ul id="id_unusable_warning" class="messagelist"><li class="warning">'
        "หากปิด รหัสผ่านปัจจุบันของผู้ใช้นี้จะหายไป</li></ul>"
    )


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(ThaiPermissionsMixin, BaseGroupAdmin):
    pass


class UnitsOfOrganisationMixin:
    """Loads static/js/admin_units_of_organisation.js after jquery.init.js (it needs django.jQuery);
    a plain `class Media` may be merged in before it."""

    @property
    def media(self):
        ours = forms.Media(js=["admin/js/jquery.init.js", "js/admin_units_of_organisation.js"])
        return super().media + ours


class OrgUnitInline(admin.TabularInline):
    model = OrgUnit
    extra = 0
    fields = ["name", "kind", "parent", "order"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # "สังกัด" lists the units of this organisation only (not the units of every organisation).
        if db_field.name == "parent":
            object_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = (
                OrgUnit.objects.filter(organisation_id=object_id) if object_id else OrgUnit.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "district", "province", "use_thai_digits"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "short_name", "district", "province"]
    inlines = [OrgUnitInline]

    def get_exclude(self, request, obj=None):
        # The URL slug is made by the portal (services.organisation_new_slug), never typed.
        return [*(super().get_exclude(request, obj) or []), *(["slug"] if obj is None else [])]

    def get_readonly_fields(self, request, obj=None):
        # The place is chosen from the official list (the references); the names follow it. The slug is
        # shown, not edited: links to the organisation's pages keep working.
        fields = [*super().get_readonly_fields(request, obj), "province", "district"]
        if obj is not None:
            fields.append("slug")
        if obj is not None and not can_move_organisation(request.user, obj):
            fields += Organisation.LOCATION_FIELDS
        return fields

    def save_model(self, request, obj, form, change):
        organisation_save(organisation=obj, actor=request.user)

    def save_formset(self, request, form, formset, change):
        """The units inline: each row through the unit services (history names the admin)."""
        formset.save(commit=False)
        for unit in formset.deleted_objects:
            unit_delete(unit=unit, actor=request.user)
        for unit in formset.new_objects:
            _unit_admin_save(unit, request.user, change=False)
        for unit, _ in formset.changed_objects:
            _unit_admin_save(unit, request.user, change=True)

    def delete_model(self, request, obj):
        organisation_delete(organisation=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for organisation in queryset:
            organisation_delete(organisation=organisation, actor=request.user)


def _unit_admin_save(unit: OrgUnit, actor, *, change: bool) -> None:
    data = {name: getattr(unit, name) for name in UNIT_FIELDS}
    if change:  # bumps the version: a unit form open elsewhere then sees this save
        unit_update(unit=unit, data=data, expected_version=None, actor=actor)
    else:
        unit.pk = unit_create(organisation=unit.organisation, data=data, actor=actor).pk


@admin.register(OrgUnit)
class OrgUnitAdmin(UnitsOfOrganisationMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "parent", "organisation"]
    list_filter = ["kind", "organisation"]
    search_fields = ["name"]
    autocomplete_fields = ["organisation", "parent"]

    def get_search_results(self, request, queryset, search_term):
        """The admin's unit autocomplete, narrowed to the organisation chosen on the same form:
        static/js/admin_units_of_organisation.js adds `organisation` to the autocomplete request
        (Django's autocomplete does not send other fields of the form). An empty value lists no unit."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if "organisation" in request.GET and request.path.endswith("/autocomplete/"):
            organisation = request.GET["organisation"]
            queryset = (
                queryset.filter(organisation_id=organisation) if organisation.isdigit() else queryset.none()
            )
        return queryset, may_have_duplicates

    def get_readonly_fields(self, request, obj=None):
        # A unit stays in its organisation (its measures and members are there).
        return [*super().get_readonly_fields(request, obj), *(["organisation"] if obj else [])]

    def save_model(self, request, obj, form, change):
        _unit_admin_save(obj, request.user, change=change)

    def delete_model(self, request, obj):
        unit_delete(unit=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for unit in queryset:
            if OrgUnit.objects.filter(pk=unit.pk).exists():  # not gone with a parent deleted before it
                unit_delete(unit=unit, actor=request.user)


@admin.register(User)
class UserAdmin(UnitsOfOrganisationMixin, ThaiPermissionsMixin, BaseUserAdmin):
    change_password_form = PasswordChangeForm
    list_display = ["username", "first_name", "last_name", "role", "organisation", "is_active"]
    list_filter = ["role", "organisation", "is_active"]
    autocomplete_fields = ["organisation", "unit"]
    fieldsets = BaseUserAdmin.fieldsets + (("บทบาทในพอร์ทัล", {"fields": PORTAL_ROLE_FIELDS}),)
    # Role, organisation and unit on the first page: User.clean() needs them to accept a new user.
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (
            "บทบาทในพอร์ทัล",
            {
                "classes": ("wide",),
                "description": "เจ้าหน้าที่ เจ้าหน้าที่ของกอง/งาน และผู้บริหารต้องระบุหน่วยงาน "
                "เจ้าหน้าที่ของกอง/งานต้องระบุกอง/งานของหน่วยงานนั้น ผู้กำกับดูแลต้องระบุจังหวัด",
                "fields": PORTAL_ROLE_FIELDS,
            },
        ),
    )

    def save_model(self, request, obj, form, change):
        user_save(user=obj, actor=request.user)

    def delete_model(self, request, obj):
        user_delete(user=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            user_delete(user=user, actor=request.user)


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
