"""Thin Celery tasks: load by id, return if gone, call one service."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="contests.send_entry_receipt", acks_late=True)
def send_entry_receipt(*, entry_id: int) -> None:
    from contests import services
    from contests.models import Entry

    entry = Entry.objects.filter(pk=entry_id).select_related("edition").first()
    if entry is not None:
        services.send_entry_receipt(entry)


@shared_task(name="contests.send_verification_request", acks_late=True)
def send_verification_request(*, entry_id: int) -> None:
    from contests import services
    from contests.models import Entry

    entry = Entry.objects.filter(pk=entry_id).select_related("edition", "verification_agency").first()
    if entry is not None:
        services.send_verification_request(entry)


@shared_task(name="contests.send_vote_confirmation", acks_late=True)
def send_vote_confirmation(*, vote_id: int) -> None:
    from contests import services
    from contests.models import Vote

    vote = Vote.objects.filter(pk=vote_id).select_related("edition", "entry").first()
    if vote is not None:
        services.send_vote_confirmation(vote)
