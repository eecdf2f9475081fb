import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ita_portal.services import command_actor
from reports.demo import demo_organisation_load, refuse_unless_debug


class Command(BaseCommand):
    help = (
        "Load the sample organisations from fixtures/demo/*.json. Safe to run again (replaces their data). "
        "Refuses to run with DEBUG off unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="demo files (default: all in fixtures/demo)")
        parser.add_argument(
            "--force", action="store_true", help="also when DEBUG is off (never in production)"
        )
        parser.add_argument("--actor", help="username named in the history (default: none, the command)")

    def handle(self, *args, files, actor, force, **options):
        refuse_unless_debug("load_demo", force=force)
        try:
            actor = command_actor(actor)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        paths = [Path(f) for f in files] or sorted((settings.BASE_DIR / "fixtures" / "demo").glob("*.json"))
        for path in paths:
            organisation = demo_organisation_load(
                data=json.loads(path.read_text(encoding="utf-8")), actor=actor
            )
            self.stdout.write(
                f"{organisation.name}: {organisation.assessments.count()} ผลการประเมิน, "
                f"{organisation.measures.count()} มาตรการ ({path.name})"
            )
