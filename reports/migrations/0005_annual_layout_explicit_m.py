"""The annual measures table's layout becomes an explicit, stored choice (reports.documents.layouts).

Until now a document without a stored `measures_table_variant` was printed in the "outcome" layout as soon as
one progress entry of the year had an outcome, and saved headers (a list) were laid over the columns by
position. Store, for every annual document, the layout it was printed in, and key its saved headers by the
columns they were shown over, so nothing on a printed page moves."""

from django.db import migrations

STANDARD = ["title", "steps", "responsible", "period", "done", "suggestion"]
OUTCOME = ["title", "steps", "done", "outcome", "responsible", "remark"]


def forwards(apps, schema_editor):
    ReportText = apps.get_model("reports", "ReportText")
    Progress = apps.get_model("measures", "Progress")
    for row in ReportText.objects.filter(kind="annual"):
        texts = dict(row.texts or {})
        variant = texts.get("measures_table_variant")
        changed = False
        if variant not in ("standard", "outcome"):
            has_outcomes = (
                Progress.objects.filter(
                    measure__organisation_id=row.organisation_id, measure__fiscal_year=row.fiscal_year
                )
                .exclude(outcome="")
                .exists()
            )
            variant = "outcome" if has_outcomes else "standard"
            texts["measures_table_variant"] = variant
            changed = True
        headers = texts.get("measures_table_headers")
        if isinstance(headers, list):
            ids = OUTCOME if variant == "outcome" else STANDARD
            texts["measures_table_headers"] = (
                {i: h for i, h in zip(ids, headers, strict=True) if isinstance(h, str) and h.strip()}
                if len(headers) == len(ids)
                else {}
            )
            changed = True
        if changed:
            ReportText.objects.filter(pk=row.pk).update(texts=texts)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_history_text_limits"),
        ("measures", "0004_measure_text_as_written_m"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
