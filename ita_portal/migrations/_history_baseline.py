"""Used by data migrations that add history to existing rows: one "+" record per row as it is now,
so the first edit after the upgrade shows what it changed (and who made the row, as nobody)."""

from django.utils import timezone

HISTORY_ONLY = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}


def history_baseline(app_label: str, model_name: str):
    def forward(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        historical = apps.get_model(app_label, f"Historical{model_name}")
        fields = [f.attname for f in historical._meta.fields if f.name not in HISTORY_ONLY]
        now = timezone.now()
        done = set(historical.objects.values_list("id", flat=True).distinct())
        historical.objects.bulk_create(
            [
                historical(
                    **{name: getattr(row, name) for name in fields},
                    history_date=now,
                    history_type="+",
                    history_change_reason="ข้อมูลก่อนเริ่มเก็บประวัติ",
                )
                for row in model.objects.exclude(pk__in=done).iterator()
            ],
            batch_size=500,
        )

    return forward
