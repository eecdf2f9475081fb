"""Organisation profile and responsible units (under /o/<org>/)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import DeleteView, FormView, TemplateView, UpdateView

from .access import EditorRequiredMixin, OrganisationMixin
from .concurrency import StaleVersion, changes_since
from .forms import OrganisationProfileForm, OrgUnitForm
from .models import OrgUnit
from .services import organisation_profile_update, unit_create, unit_delete, unit_update


class ProfileEditView(EditorRequiredMixin, UpdateView):
    form_class = OrganisationProfileForm
    template_name = "organisation/profile_form.html"

    def get_object(self, queryset=None):
        return self.organisation

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            self.object = organisation_profile_update(
                organisation=self.organisation,
                data=form.profile_data(),
                expected_version=form.cleaned_data.get("version"),
                actor=self.request.user,
            )
        except StaleVersion as stale:
            form, conflict = conflict_form(self.request, form, stale, user=self.request.user)
            if self.request.FILES:
                form.add_error("logo", "โปรดเลือกไฟล์ตราสัญลักษณ์อีกครั้ง (ไฟล์ที่เลือกไว้ยังไม่ได้บันทึก)")
            return self.render_to_response(self.get_context_data(form=form, conflict=conflict))
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "บันทึกข้อมูลหน่วยงานแล้ว")
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse("organisation_detail", kwargs={"org": self.organisation.slug})


def conflict_form(request, form, stale: StaleVersion, **form_kwargs):
    """After a refused stale save: the same form with what this person typed, bound to the row as saved
    now (so the next save is checked against the version on screen, a deliberate overwrite), the Thai
    message above it, and what the other person changed."""
    seen = form.cleaned_data.get("version") or 0
    data = request.POST.copy()
    data["version"] = str(stale.current.version)
    fresh = type(form)(data, instance=stale.current, **form_kwargs)
    fresh.is_valid()
    fresh.add_error(None, stale.messages[0])
    return fresh, {"current": stale.current, "changes": changes_since(stale.current, seen)}


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError next to the form's fields (or above the form for the rest)."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error)


def _tree(units):
    """Units in tree order with their depth: parents before their children."""
    children = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    out = []

    def walk(parent_id, depth):
        for unit in children.get(parent_id, []):
            out.append((unit, depth))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return out


class UnitListView(OrganisationMixin, TemplateView):
    template_name = "organisation/unit_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        units = OrgUnit.objects.visible_to(self.request.user).filter(organisation=self.organisation)
        context["tree"] = _tree(list(units.order_by("order", "name")))
        return context


class UnitMixin(EditorRequiredMixin):
    def get_success_url(self):
        return reverse("org:units", kwargs={"org": self.organisation.slug})


class UnitFormView(UnitMixin, FormView):
    form_class = OrgUnitForm
    template_name = "organisation/unit_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        instance = None
        if "pk" in self.kwargs:
            instance = get_object_or_404(
                OrgUnit.objects.visible_to(self.request.user),
                pk=self.kwargs["pk"],
                organisation=self.organisation,
            )
        kwargs.update(organisation=self.organisation, instance=instance)
        return kwargs

    def form_valid(self, form):
        user = self.request.user
        try:
            if form.instance.pk:
                unit = unit_update(
                    unit=form.instance,
                    data=form.unit_data(),
                    expected_version=form.cleaned_data.get("version"),
                    actor=user,
                )
            else:
                unit = unit_create(organisation=self.organisation, data=form.unit_data(), actor=user)
        except StaleVersion as stale:
            form, conflict = conflict_form(self.request, form, stale, organisation=self.organisation)
            return self.render_to_response(self.get_context_data(form=form, conflict=conflict))
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"บันทึก “{unit.name}” แล้ว")
        return super().form_valid(form)


class UnitDeleteView(UnitMixin, DeleteView):
    template_name = "organisation/unit_confirm_delete.html"
    context_object_name = "unit"

    def get_queryset(self):
        return OrgUnit.objects.visible_to(self.request.user).filter(organisation=self.organisation)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit = self.object
        context.update(
            measure_count=unit.measures.count(),
            child_count=unit.children.count(),
            member_count=unit.members.count(),
        )
        return context

    def form_valid(self, form):
        unit_delete(unit=self.object, actor=self.request.user)
        messages.success(self.request, f"ลบ “{self.object.name}” แล้ว")
        return redirect(self.get_success_url())
