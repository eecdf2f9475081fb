"""Load the official provinces and districts (fixtures/geo) and point existing organisations and
supervisors at them. A written name is matched only exactly (ita_portal.geo.match_place: a district
only within its province); what does not match keeps its written name and no reference, and is
listed by `manage.py geo_unmatched` and on /manage/."""

from django.db import migrations

from ita_portal import geo


def forwards(apps, schema_editor):
    Province = apps.get_model("ita_portal", "Province")
    District = apps.get_model("ita_portal", "District")
    geo.geo_load(Province, District)
    provinces, districts = geo.db_tables(Province, District)
    Organisation = apps.get_model("ita_portal", "Organisation")
    for org in Organisation.objects.filter(province_ref__isnull=True):
        match = geo.match_place(org.province, org.district, provinces=provinces, districts=districts)
        if match.province_code:
            Organisation.objects.filter(pk=org.pk).update(
                province_ref_id=match.province_code, district_ref_id=match.district_code
            )
    User = apps.get_model("ita_portal", "User")
    for user in User.objects.exclude(supervised_province="").filter(supervised_province_ref__isnull=True):
        match = geo.match_place(
            user.supervised_province, user.supervised_district, provinces=provinces, districts=districts
        )
        # A supervisor of a district that does not match gets no reference at all (sees nothing until
        # fixed) rather than the whole province.
        if match.province_code and (match.district_code or not user.supervised_district.strip()):
            User.objects.filter(pk=user.pk).update(
                supervised_province_ref_id=match.province_code,
                supervised_district_ref_id=match.district_code if user.supervised_district else None,
            )


class Migration(migrations.Migration):
    dependencies = [("ita_portal", "0011_geo_references_j")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
