"""Public votes: one per mailbox (issue #11 item 13), rate limits per mailbox, client address and network."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from contests import services
from contests.models import Entry, Vote
from contests.services.votes import mailbox_key
from tayninh_thidua.lib.ratelimit import network_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def ballot(edition, entries):
    Entry.objects.filter(pk__in=[e.pk for e in entries[:2]]).update(stage=3, verification="confirmed")
    today = timezone.localdate()
    edition.public_vote_enabled = True
    edition.vote_opens = today - dt.timedelta(days=1)
    edition.vote_closes = today + dt.timedelta(days=5)
    edition.save()
    return entries[:2]


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Voter@Gmail.com", "voter@gmail.com"),
        ("voter+1@gmail.com", "voter@gmail.com"),
        ("v.o.t.e.r@gmail.com", "voter@gmail.com"),
        ("voter@googlemail.com", "voter@gmail.com"),
        (" V.oter+binh-chon@GoogleMail.com ", "voter@gmail.com"),
        ("ban.doc+tay-ninh@example.org", "ban.doc@example.org"),  # dots matter outside Gmail
        ("Ban.Doc@Example.ORG", "ban.doc@example.org"),
        ("+tag@example.org", "+tag@example.org"),  # nothing before the tag: kept as typed
    ],
)
def test_mailbox_key(typed, key):
    assert mailbox_key(typed) == key


def test_one_vote_per_mailbox_whatever_the_spelling(edition, ballot):
    first = services.request_vote(edition, ballot[0], "voter@gmail.com")
    services.confirm_vote(first)
    for spelling in ("voter+1@gmail.com", "v.o.t.e.r@gmail.com", "voter@googlemail.com", "VOTER@GMAIL.COM"):
        with pytest.raises(ValidationError, match="đã bình chọn"):
            services.request_vote(edition, ballot[1], spelling)
    assert Vote.objects.count() == 1
    assert services.vote_counts(edition) == {ballot[0].pk: 1}
    other = services.request_vote(edition, ballot[1], "vo.ter@example.org")  # not Gmail: another mailbox
    services.confirm_vote(other)
    assert services.vote_counts(edition) == {ballot[0].pk: 1, ballot[1].pk: 1}


def test_an_unconfirmed_vote_moves_with_the_last_request_of_its_mailbox(edition, ballot):
    first = services.request_vote(edition, ballot[0], "voter+a@gmail.com")
    second = services.request_vote(edition, ballot[1], "v.oter+b@gmail.com")
    assert first.pk == second.pk and Vote.objects.count() == 1
    assert (second.entry, second.email) == (ballot[1], "v.oter+b@gmail.com")  # the link goes where it was asked
    assert services.vote_for_token(services.vote_token(first)) is None  # the earlier link no longer confirms
    services.confirm_vote(services.vote_for_token(services.vote_token(second)))
    assert services.vote_counts(edition) == {ballot[1].pk: 1}


def vote(client, edition, entry, email, address):
    return client.post(
        f"/cuoc-thi/{edition.year}/binh-chon/", {"entry": entry.pk, "email": email}, REMOTE_ADDR=address, follow=True
    )


def test_vote_requests_are_limited_per_mailbox(client, edition, ballot):
    from contests.views.public import VOTE_MAILBOX_RATE

    for i in range(VOTE_MAILBOX_RATE["limit"]):
        vote(client, edition, ballot[i % 2], f"voter+{i}@gmail.com", f"198.51.{i}.7")
    response = vote(client, edition, ballot[0], "v.o.t.e.r@googlemail.com", "192.0.2.50")
    assert "Địa chỉ thư điện tử này đã yêu cầu bình chọn quá nhiều lần" in response.content.decode()
    assert Vote.objects.get().entry == ballot[(VOTE_MAILBOX_RATE["limit"] - 1) % 2]


@pytest.mark.parametrize(
    ("template", "outside"),
    [("203.0.113.{i}", "203.0.114.1"), ("2001:db8:aa:bb:{i}::1", "2001:db8:aa:bc::1")],
)
def test_vote_requests_are_limited_per_network(client, edition, ballot, template, outside):
    """Rotating addresses within one /24 (IPv4) or /64 (IPv6) does not escape the limit."""
    from contests.views.public import VOTE_NETWORK_RATE

    for i in range(VOTE_NETWORK_RATE["limit"]):
        vote(client, edition, ballot[0], f"nguoi{i}@example.org", template.format(i=i + 1))
    assert Vote.objects.count() == VOTE_NETWORK_RATE["limit"]
    response = vote(client, edition, ballot[0], "nguoi-moi@example.org", template.format(i=200))
    assert "Quá nhiều lượt bình chọn từ mạng này" in response.content.decode()
    assert Vote.objects.count() == VOTE_NETWORK_RATE["limit"]
    vote(client, edition, ballot[0], "nguoi-moi@example.org", outside)
    assert Vote.objects.count() == VOTE_NETWORK_RATE["limit"] + 1


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("203.0.113.77", "203.0.113.0/24"),
        ("2001:db8:aa:bb:1:2:3:4", "2001:db8:aa:bb::/64"),
        ("::ffff:203.0.113.77", "203.0.113.0/24"),
        ("unknown", "unknown"),
    ],
)
def test_network_key(address, network):
    assert network_key(address) == network


def test_confirmation_link_reaches_the_address_typed(client, edition, ballot, django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        vote(client, edition, ballot[0], "Ban.Doc+binhchon@Gmail.com", "192.0.2.1")
    assert mail.outbox[-1].to == ["ban.doc+binhchon@gmail.com"]
    link = re.search(r"/cuoc-thi/binh-chon/xac-nhan/\S+/", mail.outbox[-1].body).group(0)
    client.post(link)
    assert services.vote_counts(edition) == {ballot[0].pk: 1}


def test_migration_keeps_one_counted_vote_per_mailbox(edition, ballot):
    """The data step of migration 0006: votes cast before the rule, from one mailbox, count once."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("contests.migrations.0006_contest_integrity")
    now = timezone.now()
    spellings = ["voter+1@gmail.com", "voter@gmail.com", "v.o.t.e.r@gmail.com", "voter@googlemail.com"]
    for i, email in enumerate(spellings):
        confirmed = now + dt.timedelta(minutes=i) if email != "voter+1@gmail.com" else None
        Vote.objects.create(
            edition=edition, entry=ballot[i % 2], email=email, mailbox=f"old-{i}", confirmed_at=confirmed
        )
    Vote.objects.create(edition=edition, entry=ballot[0], email="khac@example.org", mailbox="old-x", confirmed_at=now)
    migration.fill_mailboxes(apps, None)
    kept = Vote.objects.get(mailbox="voter@gmail.com")
    assert kept.email == "voter@gmail.com" and kept.confirmed_at is not None  # the first confirmed one
    assert Vote.objects.filter(mailbox__startswith="voter@gmail.com#", confirmed_at__isnull=True).count() == 3
    assert services.vote_counts(edition) == {ballot[1].pk: 1, ballot[0].pk: 1}


def test_voters_can_read_the_finalists_entries_before_voting(client, edition, ballot, entries):
    """Issue #11 item 30: the ballot links each finalist's entry; its page shows the text (with the author's
    consent), not the author (the vote is on the work), with the vote form."""
    from contests.models import EntryPhoto
    from tests.contests.conftest import png

    finalist = ballot[0]
    photo = EntryPhoto.objects.create(entry=finalist, image=png(), position=0)
    page = client.get(f"/cuoc-thi/{edition.year}/").content.decode()
    detail_url = f"/cuoc-thi/{edition.year}/bai/{finalist.code}/"
    assert detail_url in page
    response = client.get(detail_url)
    assert response.status_code == 200
    content = response.content.decode()
    assert finalist.text in content and finalist.subject_name in content
    assert finalist.author_name not in content and finalist.author_email not in content
    assert f"/cuoc-thi/{edition.year}/binh-chon/" in content  # vote from the entry's page
    assert "giay-chung-nhan" not in content
    assert client.get(photo.get_absolute_url()).status_code == 200

    Entry.objects.filter(pk=ballot[1].pk).update(consent_publish=False)
    private = client.get(f"/cuoc-thi/{edition.year}/bai/{ballot[1].code}/").content.decode()
    assert ballot[1].text not in private and "không đồng ý công bố toàn văn" in private

    assert client.get(f"/cuoc-thi/{edition.year}/bai/{entries[3].code}/").status_code == 404  # not a finalist
    Entry.objects.filter(pk=ballot[1].pk).update(verification=Entry.Verification.NOT_CONFIRMED)
    assert client.get(f"/cuoc-thi/{edition.year}/bai/{ballot[1].code}/").status_code == 404  # off the ballot
    edition.vote_closes = timezone.localdate() - dt.timedelta(days=1)
    edition.save()
    assert client.get(detail_url).status_code == 404  # the vote is over, results not yet out
    assert client.get(photo.get_absolute_url()).status_code == 404
