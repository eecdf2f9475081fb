"""The sign-in forms (portal and admin) with the username's length enforced.

Django's AuthenticationForm sets `max_length` on its username field after the field is built, so no
validator checks it: a 100 kB username reached authenticate(), and django-axes then failed to store it
(PostgreSQL: value too long for character varying(255)) — a 500 on the login page. The hostile-input
test found it (ita_portal/tests/test_hostile_input.py, login-overlong).
"""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class _BoundedUsername:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(
            MaxLengthValidator(field.max_length, message=f"ชื่อผู้ใช้ยาวเกินไป (ไม่เกิน {field.max_length} ตัวอักษร)")
        )


class LoginForm(_BoundedUsername, AuthenticationForm):
    pass


class AdminLoginForm(_BoundedUsername, AdminAuthenticationForm):
    pass
