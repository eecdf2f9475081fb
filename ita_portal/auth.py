from django.contrib.auth.backends import ModelBackend

from .models import User


class UserWithOrganisationBackend(ModelBackend):
    """Loads the signed-in user together with their organisation (one query): every page's menu and
    the scoping gate read it. `get()` rather than `filter().first()`: no ORDER BY to compile and plan,
    which made this query cost three times as much on every request (bench/README.md)."""

    def get_user(self, user_id):
        try:
            user = User._default_manager.select_related("organisation").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
