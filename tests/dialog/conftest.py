import pytest
from django.utils import translation


@pytest.fixture
def english():
    """Service messages asserted in their English source form."""
    with translation.override("en"):
        yield
