"""Demo and benchmark data: never real data, so its commands refuse to run unless DEBUG or --force.

    loader.py    demo_organisation_load(*, data, actor): one sample organisation of fixtures/demo/*.json
                 (manage.py load_demo), written through the apps' services
    national.py  NationalGenerator: the synthetic national set for the benchmarks (manage.py
                 generate_national; bulk rows with the same pure rules the services apply)

The commands themselves stay thin in reports/management/commands/, where Django finds them. The demo
logins (ita_portal/demo_users.py, manage.py demo_users) stay in ita_portal: they are ita_portal's users,
and ita_portal may not import reports.
"""

from django.conf import settings
from django.core.management.base import CommandError

from .loader import DEMO_REASON, demo_organisation_load

__all__ = ["DEMO_REASON", "demo_organisation_load", "refuse_unless_debug"]


def refuse_unless_debug(command: str, *, force: bool) -> None:
    """Demo rows and synthetic organisations must not land in a production database by accident."""
    if not settings.DEBUG and not force:
        raise CommandError(f"{command} เขียนข้อมูลตัวอย่างลงฐานข้อมูล ใช้ได้เฉพาะเมื่อ DEBUG=1 (หรือ --force)")
