import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from assessments.services import framework_load


class Command(BaseCommand):
    help = "Load (or update) the ITA frameworks from fixtures/frameworks/fy*.json. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="framework files (default: all in fixtures/frameworks)")

    def handle(self, *args, files, **options):
        paths = [Path(f) for f in files] or sorted(
            (settings.BASE_DIR / "fixtures" / "frameworks").glob("fy*.json")
        )
        for path in paths:
            framework = framework_load(
                data=json.loads(path.read_text(encoding="utf-8")),
                actor=None,  # a command run from the shell: no user
                reason=f"ระบบ: คำสั่ง load_frameworks ({path.name}) ไม่มีผู้ใช้",
            )
            self.stdout.write(
                f"ITA {framework.fiscal_year}: {framework.indicators.count()} ตัวชี้วัด, "
                f"{framework.questions.count()} ข้อ ({path.name})"
            )
