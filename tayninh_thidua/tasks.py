from celery import shared_task


@shared_task(name="tayninh_thidua.ping")
def ping(value: str = "pong") -> str:
    """A round trip for health checks and tests: returns what it was given."""
    return value
