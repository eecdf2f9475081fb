"""django-axes under a Thai name in the admin (its own AppConfig has no verbose_name). A module of its
own: a second AppConfig in ita_portal/apps.py would stop Django from picking ItaPortalConfig by itself."""

from axes.apps import AppConfig


class AxesConfig(AppConfig):
    verbose_name = "การเข้าสู่ระบบ (ล็อกเมื่อใส่รหัสผ่านผิด)"
