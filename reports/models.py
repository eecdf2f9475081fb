"""Texts of the official documents that are not rows elsewhere (preface, principles, memo parts …)."""

from django.db import models
from simple_history.models import HistoricalRecords

from assessments.validators import validate_fiscal_year
from ita_portal.models import Organisation
from ita_portal.scoping import scoped_queryset
from ita_portal.text_input import clean_nested
from ita_portal.text_limits import validate_report_texts


class DocumentKind(models.TextChoices):
    HALF = "half", "รายงานผลการดำเนินงานรอบ ๖ เดือน"
    ANNUAL = "annual", "รายงานผลการดำเนินงานประจำปี"
    ANALYSIS = "analysis", "รายงานการวิเคราะห์ผลการประเมิน"
    MEMO = "memo", "บันทึกข้อความ"


class ReportText(models.Model):
    """The editable texts of one document of one organisation and fiscal year, as a dict of named parts
    (title, intro, preface, principles, activities, memo fields …). The builders read known keys and keep
    the rest, so a document's wording survives even where no screen edits it yet."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="report_texts", verbose_name="หน่วยงาน"
    )
    fiscal_year = models.PositiveSmallIntegerField("ปีงบประมาณ (พ.ศ.)", validators=[validate_fiscal_year])
    kind = models.CharField("เอกสาร", max_length=10, choices=DocumentKind.choices)
    texts = models.JSONField("ข้อความ", default=dict, blank=True, validators=[validate_report_texts])
    updated_at = models.DateTimeField("แก้ไขล่าสุด", auto_now=True)
    version = models.PositiveIntegerField("รุ่นแก้ไข", default=1, editable=False)

    objects = scoped_queryset("organisation").as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "ข้อความในเอกสารรายงาน"
        verbose_name_plural = "ข้อความในเอกสารรายงาน"
        ordering = ["organisation", "-fiscal_year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "fiscal_year", "kind"], name="reporttext_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.organisation} ปี {self.fiscal_year}"

    def clean_fields(self, exclude=None):
        # Every text in the document in its one clean spelling before the limits are checked (finding 8).
        if not (exclude and "texts" in exclude):
            self.texts = clean_nested(self.texts)
        super().clean_fields(exclude=exclude)


class SiteEmblem(models.Model):
    """The site-wide ครุฑ (Garuda) printed at the top left of every memo (บันทึกข้อความ, ระเบียบงานสารบรรณ
    แบบที่ 29). One row for the whole portal (pk 1), uploaded once by a system administrator through
    `reports.documents.emblem.garuda_upload`; separate from each organisation's own logo (its seal)."""

    SINGLETON_PK = 1

    garuda = models.ImageField("ตราครุฑ", upload_to="logos/site/", blank=True)
    updated_at = models.DateTimeField("แก้ไขล่าสุด", auto_now=True)
    version = models.PositiveIntegerField("รุ่นแก้ไข", default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "ตราครุฑของระบบ"
        verbose_name_plural = "ตราครุฑของระบบ"
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="siteemblem_singleton")]

    def __str__(self) -> str:
        return "ตราครุฑของระบบ"

    @classmethod
    def current(cls) -> "SiteEmblem | None":
        """The row, or None before anyone uploaded the Garuda."""
        return cls.objects.filter(pk=cls.SINGLETON_PK).first()
