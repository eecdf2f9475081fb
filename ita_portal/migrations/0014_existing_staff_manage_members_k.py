"""Every organisation that already has staff gets member managers: its active staff, who until now were
the only people able to change anything in it. New organisations get theirs with their first user."""

from django.db import migrations


def grant(apps, schema_editor):
    User = apps.get_model("ita_portal", "User")
    User.objects.filter(role="staff", is_active=True, organisation__isnull=False).update(can_manage_members=True)


class Migration(migrations.Migration):
    dependencies = [("ita_portal", "0013_members_invitations_k")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
