"""The site-wide Garuda over HTTP: the upload page (system administrators) and the image itself for the
memo previews (signed-in users; uploaded media is never served directly)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.views import View
from django.views.generic import FormView

from ita_portal.permissions import can_manage_site

from ..models import SiteEmblem
from .emblem import MAX_BYTES, garuda_upload


class GarudaForm(forms.Form):
    garuda = forms.FileField(
        label="ไฟล์ตราครุฑ",
        help_text=f"PNG หรือ JPEG ไม่เกิน {MAX_BYTES // (1024 * 1024)} MB พื้นหลังโปร่งใสหรือสีขาว "
        "พิมพ์สูง ๑.๕ ซม. ที่มุมบนซ้ายของบันทึกข้อความทุกฉบับ",
        error_messages={"required": "โปรดเลือกไฟล์ตราครุฑ"},
    )


class GarudaUploadView(LoginRequiredMixin, UserPassesTestMixin, FormView):
    template_name = "reports/garuda_form.html"
    form_class = GarudaForm

    def test_func(self):
        return can_manage_site(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(emblem=SiteEmblem.current(), **kwargs)

    def form_valid(self, form):
        try:
            garuda_upload(file=form.cleaned_data["garuda"], actor=self.request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("garuda", message)
            return self.form_invalid(form)
        messages.success(self.request, "บันทึกตราครุฑเรียบร้อยแล้ว บันทึกข้อความทุกฉบับจะพิมพ์ตรานี้")
        return redirect("site_garuda")


class GarudaImageView(LoginRequiredMixin, View):
    def get(self, request):
        emblem = SiteEmblem.current()
        if emblem is None or not emblem.garuda:
            raise Http404("ยังไม่มีตราครุฑ")
        content_type = "image/png" if emblem.garuda.name.endswith(".png") else "image/jpeg"
        response = FileResponse(emblem.garuda.open("rb"), content_type=content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, max-age=3600"
        return response
