from celery import shared_task


@shared_task(name="tayninh_thidua.ping")
def ping(value: str = "pong") -> str:
    """A round trip for health checks and tests: returns what it was given."""
    return value


@shared_task(name="tayninh_thidua.send_feedback_notice", acks_late=True)
def send_feedback_notice(*, feedback_id: int) -> bool:
    from .services import notify_staff_of_feedback

    return notify_staff_of_feedback(feedback_id)
