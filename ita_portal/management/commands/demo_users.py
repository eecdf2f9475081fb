from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ita_portal.demo_users import DEMO_PASSWORD, demo_users_ensure
from ita_portal.services import command_actor


class Command(BaseCommand):
    help = "Create (or reset) the demo logins and print them. Refuses to run with DEBUG off unless --force."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="also when DEBUG is off (never in production)"
        )
        parser.add_argument("--actor", help="username named in the history (default: none, the command)")

    def handle(self, *args, force, actor, **options):
        if not settings.DEBUG and not force:
            raise CommandError("demo_users สร้างบัญชีที่มีรหัสผ่านสาธารณะ ใช้ได้เฉพาะเมื่อ DEBUG=1 (หรือ --force)")
        try:
            users = demo_users_ensure(actor=command_actor(actor))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"\nบัญชีทดลอง (รหัสผ่านทุกบัญชี: {DEMO_PASSWORD})")
        for user in users:
            where = user.organisation or user.supervised_province or "ทุกหน่วยงาน"
            self.stdout.write(f"  {user.username:<18} {user.get_role_display()} — {where}")
