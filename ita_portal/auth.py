from django.contrib.auth.backends import ModelBackend

from .models import User


class UserWithOrganisationBackend(ModelBackend):
    """Loads the signed-in user with their organisation and unit in one query: every page's menu and
    the scoping gate read them."""

    def get_user(self, user_id):
        user = User._default_manager.select_related("organisation", "unit").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
