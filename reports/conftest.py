import pytest
from django.core.management import call_command


@pytest.fixture
def demo(db):
    """The four sample organisations, loaded as `make run` loads them."""
    call_command("load_demo", force=True, verbosity=0, stdout=open("/dev/null", "w"))
    call_command("demo_users", force=True, stdout=open("/dev/null", "w"))
