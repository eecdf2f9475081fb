"""List organisations and supervisors whose province or district did not match the official list."""

from django.core.management.base import BaseCommand

from ita_portal.geo_unmatched import unmatched_places


class Command(BaseCommand):
    help = "หน่วยงานและผู้กำกับดูแลที่จังหวัด/อำเภอไม่ตรงกับรายชื่อทางการ (ให้ผู้ดูแลระบบแก้ไขเอง ระบบไม่เดา)"

    def handle(self, *args, **options):
        rows = unmatched_places()
        for row in rows:
            place = " / ".join(p for p in (row.district, row.province) if p) or "-"
            self.stdout.write(f"{row.what}\t{row.name}\t{place}\t{row.problem}")
        self.stdout.write(f"ไม่ตรงกับรายชื่อทางการ {len(rows)} รายการ")
