from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

from .models import User


def last_login_stamp(sender, user, **kwargs) -> None:
    """Replaces auth's update_last_login on `user_logged_in`: an UPDATE of the one column, so signing
    in writes no history row (a sign-in is not a change of the account) and never races a save of
    the same user object from another thread."""
    user.last_login = timezone.now()
    User._default_manager.filter(pk=user.pk).update(last_login=user.last_login)


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
