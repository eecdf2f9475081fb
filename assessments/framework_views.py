"""/frameworks/: system administrators add a new fiscal year by copying last year's framework, then edit
it in the admin's forms and confirm it against the NACC manual (issue 11)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView

from ita_portal.permissions import is_system_admin

from .models import Framework
from .services import framework_confirm, framework_copy
from .validators import validate_fiscal_year


class SystemAdminMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_system_admin(request.user):
            raise PermissionDenied("เฉพาะผู้ดูแลระบบเท่านั้นที่จัดการกรอบการประเมินได้")
        return super().dispatch(request, *args, **kwargs)


class FrameworkCopyForm(forms.Form):
    from_year = forms.TypedChoiceField(label="คัดลอกจากปีงบประมาณ", coerce=int)
    to_year = forms.IntegerField(
        label="เป็นกรอบของปีงบประมาณ (พ.ศ.)",
        validators=[validate_fiscal_year],
        error_messages={"invalid": "ใส่ปีงบประมาณเป็นตัวเลข พ.ศ. เช่น 2570", "required": "โปรดระบุปีงบประมาณ"},
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_year"].choices = [(y, str(y)) for y in years]
        if years:
            self.initial.setdefault("from_year", years[0])
            self.initial.setdefault("to_year", years[0] + 1)


class FrameworkListView(SystemAdminMixin, FormView):
    template_name = "assessments/framework_list.html"
    form_class = FrameworkCopyForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.frameworks = list(
            Framework.objects.annotate(question_count=Count("questions")).order_by("-fiscal_year")
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "years": [f.fiscal_year for f in self.frameworks]}

    def get_context_data(self, **kwargs):
        return super().get_context_data(frameworks=self.frameworks, **kwargs)

    def form_valid(self, form):
        try:
            copy = framework_copy(
                from_year=form.cleaned_data["from_year"],
                to_year=form.cleaned_data["to_year"],
                actor=self.request.user,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"สร้างกรอบการประเมินปีงบประมาณ {copy.fiscal_year} แล้ว (ยังไม่ได้ตรวจสอบ) "
            "โปรดแก้ไขให้ตรงกับคู่มือของ ป.ป.ช. แล้วกด “ยืนยันว่าตรวจสอบแล้ว”",
        )
        return redirect(reverse("admin:assessments_framework_change", args=[copy.pk]))


class FrameworkConfirmView(SystemAdminMixin, View):
    def post(self, request, year):
        framework = framework_confirm(
            framework=get_object_or_404(Framework, fiscal_year=year), actor=request.user
        )
        messages.success(request, f"ยืนยันกรอบการประเมินปีงบประมาณ {framework.fiscal_year} แล้ว")
        return redirect("frameworks:list")
