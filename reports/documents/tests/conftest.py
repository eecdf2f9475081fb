import pytest

from .printed import print_demo_documents


@pytest.fixture(scope="session")
def rendered(django_db_blocker, django_db_setup):
    """The demo documents printed once for the session: (slug, kind) -> (html, pdf)."""
    with django_db_blocker.unblock():
        return print_demo_documents()
