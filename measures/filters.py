"""The filters of the measures list (django-filter ships no Thai, so every label is set here)."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils import timezone

from assessments.models import Indicator, Tool
from ita_portal.models import OrgUnit

from .models import Measure, Status
from .search import search_measures

ALL_YEARS = "all"
OVERDUE = "overdue"


def tool_choices() -> list[tuple[str, str]]:
    """ "IIT การรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน", from the frameworks' Tool rows (the newest name of each
    code), in the framework's order."""
    names: dict[str, tuple[int, str]] = {}
    for code, name, order in Tool.objects.order_by("framework__fiscal_year").values_list(
        "code", "name", "order"
    ):
        names[code] = (order, name)
    return [(code, f"{code} {name}") for code, (_order, name) in sorted(names.items(), key=lambda i: i[1][0])]


def indicator_choices() -> list[tuple[int, str]]:
    """ "ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล", named as in the newest framework (numbers are stable across years)."""
    names: dict[int, str] = {}
    for number, name in Indicator.objects.order_by("framework__fiscal_year").values_list("number", "name"):
        names[number] = name
    return [(n, f"{n}. {names[n]}") for n in sorted(names)]


class MeasureFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="ค้นหา", method="filter_search")
    fiscal_year = django_filters.ChoiceFilter(label="ปีงบประมาณ", method="filter_year", empty_label=None)
    indicator = django_filters.ChoiceFilter(label="ตัวชี้วัด", method="filter_indicator", empty_label="ทุกตัวชี้วัด")
    tool = django_filters.ChoiceFilter(
        label="เครื่องมือ", field_name="tool__code", choices=[], empty_label="ทุกเครื่องมือ"
    )
    unit = django_filters.ModelChoiceFilter(
        label="ผู้รับผิดชอบ", method="filter_unit", queryset=OrgUnit.objects.none(), empty_label="ทุกหน่วยงาน"
    )
    status = django_filters.ChoiceFilter(
        label="สถานะ",
        method="filter_status",
        choices=[*Status.choices, (OVERDUE, "เกินกำหนด (ยังไม่แล้วเสร็จ)")],
        empty_label="ทุกสถานะ",
    )

    class Meta:
        model = Measure
        fields = ["q", "fiscal_year", "indicator", "tool", "unit", "status"]

    def __init__(
        self, data=None, *args, organisation, user, years: list[int], default_year: int, today=None, **kwargs
    ):
        """`years`: those the user's measures have (the choices); `default_year`: the organisation's
        (measures/years.py), shown when no year is chosen."""
        self.today = today or timezone.localdate()
        self.default_year = default_year
        data = data.copy() if data is not None else {}
        if not data.get("fiscal_year"):
            data["fiscal_year"] = str(self.default_year)
        super().__init__(data, *args, **kwargs)
        year_choices = [(str(y), str(y)) for y in sorted({*years, self.default_year}, reverse=True)]
        self.filters["fiscal_year"].extra["choices"] = [*year_choices, (ALL_YEARS, "ทุกปี")]
        self.filters["indicator"].extra["choices"] = [(str(n), label) for n, label in indicator_choices()]
        self.filters["tool"].extra["choices"] = tool_choices()
        self.filters["unit"].queryset = (
            OrgUnit.objects.visible_to(user).filter(organisation=organisation).order_by("order", "name")
        )
        for field in self.form.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select form-select-sm"
        self.form.fields["q"].widget.attrs.update(
            {
                "class": "form-control form-control-sm",
                "placeholder": "คำในชื่อ ขั้นตอน ผู้รับผิดชอบ หรือผลการดำเนินการ",
                "type": "search",
            }
        )

    def filter_search(self, queryset, name, value):
        return search_measures(queryset, value)

    def filter_year(self, queryset, name, value):
        if value == ALL_YEARS:
            return queryset
        return queryset.filter(fiscal_year=int(value))

    def filter_indicator(self, queryset, name, value):
        links = Measure.indicators.through.objects.filter(indicator__number=int(value))
        return queryset.filter(pk__in=links.values("measure_id"))

    def filter_unit(self, queryset, name, value):
        return queryset.filter(
            pk__in=Measure.units.through.objects.filter(orgunit=value).values("measure_id")
        )

    def filter_status(self, queryset, name, value):
        if value == OVERDUE:
            return queryset.overdue(self.today)
        return queryset.filter(status=value)

    @property
    def year(self) -> int | None:
        """The fiscal year shown (None for every year)."""
        value = self.form.cleaned_data.get("fiscal_year") if self.form.is_valid() else None
        return None if value in (None, "", ALL_YEARS) else int(value)
