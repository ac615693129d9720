import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty page cache (Redis db or local memory)."""
    cache.clear()
    yield
    cache.clear()
