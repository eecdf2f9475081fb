from django.apps import AppConfig


class ItaPortalConfig(AppConfig):
    name = "ita_portal"
    verbose_name = "ข้อมูลหน่วยงาน"

    def ready(self):
        from django.contrib.auth import models as auth_models
        from django.contrib.auth.signals import user_logged_in

        from . import lookups  # noqa: F401 - registers the integer `in` lookup that cannot overflow
        from .auth import last_login_stamp

        user_logged_in.disconnect(auth_models.update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(last_login_stamp, dispatch_uid="ita_portal_last_login")
