import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from reports.demo import demo_organisation_load


class Command(BaseCommand):
    help = "Load the sample organisations from fixtures/demo/*.json. Safe to run again (replaces their data)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="demo files (default: all in fixtures/demo)")

    def handle(self, *args, files, **options):
        paths = [Path(f) for f in files] or sorted((settings.BASE_DIR / "fixtures" / "demo").glob("*.json"))
        for path in paths:
            organisation = demo_organisation_load(data=json.loads(path.read_text(encoding="utf-8")))
            self.stdout.write(
                f"{organisation.name}: {organisation.assessments.count()} ผลการประเมิน, "
                f"{organisation.measures.count()} มาตรการ ({path.name})"
            )
