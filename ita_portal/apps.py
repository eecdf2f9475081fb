from django.apps import AppConfig


class ItaPortalConfig(AppConfig):
    name = "ita_portal"
    verbose_name = "ข้อมูลหน่วยงาน"

    def ready(self):
        from . import lookups  # noqa: F401 - registers the integer `in` lookup that cannot overflow
