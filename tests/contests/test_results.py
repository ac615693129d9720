import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from contests import services
from contests.models import Assignment, Entry, Vote
from contests.services.ranking import combined_score, rank_round
from exemplars.models import Exemplar
from tests.contests.conftest import close_judging
from tests.factories import AgencyFactory, EntryFactory, JudgeFactory, UserFactory

pytestmark = pytest.mark.django_db


def score(entry, round_, judge, content, exemplary, writing):
    assignment, _ = Assignment.objects.get_or_create(round=round_, entry=entry, judge=judge)
    services.save_score(assignment, judge, {"content": content, "exemplary_value": exemplary, "writing": writing})


def to_final(edition, entries, verification=Entry.Verification.CONFIRMED):
    Entry.objects.filter(pk__in=[e.pk for e in entries]).update(stage=3, verification=verification)
    return edition.rounds.get(kind="chung-ket")


def test_ranking_mean_median_spread_and_tie_rule(prelim, entries, judges):
    a, b, c, d = entries[:4]
    j1, j2, j3 = judges[:3]
    score(a, prelim, j1, 8, 8, 8)  # 24
    score(a, prelim, j2, 6, 6, 6)  # 18 -> mean 21, median 21, spread 6
    score(b, prelim, j1, 7, 7, 7)  # 21
    score(b, prelim, j2, 7, 7, 7)  # 21 -> mean 21, median 21, spread 0; same exemplary mean (7) as a
    score(c, prelim, j1, 5, 9, 7)  # 21
    score(c, prelim, j2, 7, 9, 5)  # 21 -> same mean and median, higher exemplary value: ranks first of the three
    score(d, prelim, j1, 10, 10, 10)
    score(d, prelim, j2, 2, 2, 2)
    score(d, prelim, j3, 10, 10, 10)  # mean 22, median 30
    rows = rank_round(prelim)
    codes = [r.entry.code for r in rows]
    assert codes[:4] == [d.code, c.code, a.code, b.code]  # a before b: same everything, earlier entry wins
    row_a = next(r for r in rows if r.entry == a)
    assert (row_a.mean, row_a.median, row_a.spread) == (21.0, 21.0, 6)
    assert [r.scores for r in rows[4:]] == [[], []]  # unscored entries last


def test_advance_top_n_moves_entries_to_the_next_round_once(prelim, entries, judges):
    for i, entry in enumerate(entries):
        score(entry, prelim, judges[0], i, i, i)
        score(entry, prelim, judges[1], i, i, i)
    chosen = services.advance_top(prelim, count=3)
    assert [e.pk for e in chosen] == [entries[5].pk, entries[4].pk, entries[3].pk]
    assert set(Entry.objects.filter(stage=2).values_list("pk", flat=True)) == {e.pk for e in chosen}
    with pytest.raises(ValidationError):
        services.advance_top(prelim, count=3)
    final = prelim.edition.rounds.get(kind="chung-ket")
    with pytest.raises(ValidationError, match="chung kết"):
        services.advance_top(final)


def test_staff_advance_and_assign_through_the_manage_page(staff_client, edition, prelim, entries, judges):
    assert staff_client.post(f"/cuoc-thi/quan-ly/vong/{prelim.pk}/phan-cong/", {"per_entry": 2}).status_code == 302
    assert Assignment.objects.count() == 12
    for a in Assignment.objects.all():
        services.save_score(a, a.judge, {"content": 5, "exemplary_value": 5, "writing": a.entry.number % 10})
    staff_client.post(f"/cuoc-thi/quan-ly/vong/{prelim.pk}/chon-vao-vong-sau/", {"count": 2})
    assert Entry.objects.filter(stage=2).count() == 2
    page = staff_client.get(f"/cuoc-thi/quan-ly/{edition.year}/").content.decode()
    assert "Trung vị" in page and "Chênh lệch" in page and "Quy tắc xếp hạng" in page


def test_manage_pages_are_staff_only(client, edition, prelim):
    client.force_login(JudgeFactory())
    assert client.get(f"/cuoc-thi/quan-ly/{edition.year}/").status_code == 302
    assert client.post(f"/cuoc-thi/quan-ly/vong/{prelim.pk}/phan-cong/").status_code == 302
    assert client.post(f"/cuoc-thi/quan-ly/{edition.year}/cong-bo/").status_code == 302
    assert not Assignment.objects.exists()


def test_manage_page_query_count(staff_client, django_assert_max_num_queries, edition, judges):
    def load():
        with django_assert_max_num_queries(25):
            assert staff_client.get(f"/cuoc-thi/quan-ly/{edition.year}/").status_code == 200

    to_final(edition, [EntryFactory(edition=edition) for _ in range(2)])
    load()
    to_final(edition, [EntryFactory(edition=edition) for _ in range(12)])
    load()


def test_locality_verification_by_staff_and_by_signed_link(
    staff_client, edition, entries, django_capture_on_commit_callbacks
):
    client = Client()  # the agency: no account
    final = to_final(edition, entries[:2], verification=Entry.Verification.PENDING)
    agency = AgencyFactory(email="xa-long-thanh@example.org")
    entry = entries[0]
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/cuoc-thi/quan-ly/{edition.year}/bai/{entry.pk}/de-nghi-xac-minh/", {"agency": agency.pk})
    entry.refresh_from_db()
    assert entry.verification == Entry.Verification.REQUESTED
    assert mail.outbox[-1].to == ["xa-long-thanh@example.org"]
    link = re.search(r"http\S+/xac-minh/\S+/", mail.outbox[-1].body).group(0)
    path = link[link.index("/cuoc-thi/") :]
    page = client.get(path).content.decode()
    assert entry.subject_name in page and entry.author_name not in page
    client.post(
        path, {"confirmed": "1", "note": "Đúng người, đúng việc", "responder": "Trần Văn Ấp, văn phòng UBND xã"}
    )
    entry.refresh_from_db()
    assert entry.verification == Entry.Verification.CONFIRMED and entry.verification_note == "Đúng người, đúng việc"
    assert client.get("/cuoc-thi/xac-minh/gia-mao/").status_code == 404
    other = entries[1]
    staff_client.post(
        f"/cuoc-thi/quan-ly/{edition.year}/bai/{other.pk}/xac-minh/", {"confirmed": "0", "note": "Không có người này"}
    )
    other.refresh_from_db()
    assert other.verification == Entry.Verification.NOT_CONFIRMED
    assert list(services.finalists(edition)) == [entry]
    assert final.is_final


def _open_vote(edition):
    today = timezone.localdate()
    edition.public_vote_enabled = True
    edition.vote_opens = today - dt.timedelta(days=1)
    edition.vote_closes = today + dt.timedelta(days=5)
    edition.public_vote_weight = Decimal("0.20")
    edition.save()


def test_one_public_vote_per_confirmed_address(client, edition, entries, django_capture_on_commit_callbacks):
    to_final(edition, entries[:2])
    _open_vote(edition)
    url = f"/cuoc-thi/{edition.year}/binh-chon/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"entry": entries[0].pk, "email": "Ban.Doc@Example.org"})
    assert Vote.objects.get().confirmed_at is None  # not counted until confirmed
    assert services.vote_counts(edition) == {}
    link = re.search(r"/cuoc-thi/binh-chon/xac-nhan/\S+/", mail.outbox[-1].body).group(0)
    assert client.get(link).status_code == 200
    client.post(link)
    assert services.vote_counts(edition) == {entries[0].pk: 1}
    client.post(link)  # twice: still one
    response = client.post(url, {"entry": entries[1].pk, "email": "ban.doc@example.org"}, follow=True)
    assert "đã bình chọn" in response.content.decode()
    assert services.vote_counts(edition) == {entries[0].pk: 1} and Vote.objects.count() == 1


def test_vote_only_for_finalists_and_while_open(edition, entries):
    to_final(edition, entries[:1])
    with pytest.raises(ValidationError, match="không mở"):
        services.request_vote(edition, entries[0], "a@example.org")
    _open_vote(edition)
    with pytest.raises(ValidationError, match="chung kết"):
        services.request_vote(edition, entries[3], "a@example.org")


def test_vote_requests_are_rate_limited(client, edition, entries):
    to_final(edition, entries[:1])
    _open_vote(edition)
    url = f"/cuoc-thi/{edition.year}/binh-chon/"
    for i in range(10):
        client.post(url, {"entry": entries[0].pk, "email": f"nguoi{i}@example.org"})
    response = client.post(url, {"entry": entries[0].pk, "email": "nguoi99@example.org"}, follow=True)
    assert "Quá nhiều lượt bình chọn" in response.content.decode()
    assert Vote.objects.count() == 10


def test_votes_count_with_the_edition_weight(edition, entries, judges):
    final = to_final(edition, entries[:2])
    _open_vote(edition)
    a, b = entries[:2]
    score(a, final, judges[0], 9, 9, 9)  # 27/30 = 90%
    score(b, final, judges[0], 8, 8, 8)  # 24/30 = 80%
    for i in range(4):
        vote = services.request_vote(edition, b, f"v{i}@example.org")
        services.confirm_vote(vote)
    rows = rank_round(final)
    # a: 0.8*90 + 0.2*0 = 72; b: 0.8*80 + 0.2*100 = 84 -> votes overturn a narrow jury lead
    assert [(r.entry, r.final_score) for r in rows] == [(b, 84.0), (a, 72.0)]
    assert combined_score(30, 0, Decimal("0")) == 100.0


def test_prizes_never_exceed_the_structure(edition, entries):
    to_final(edition, entries)
    first = edition.prize_tiers.get(rank="nhat")
    second = edition.prize_tiers.get(rank="nhi")
    services.assign_prize(entries[0], first)
    with pytest.raises(ValidationError, match="chỉ có 1 giải"):
        services.assign_prize(entries[1], first)
    services.assign_prize(entries[1], second)
    services.assign_prize(entries[2], second)
    with pytest.raises(ValidationError, match="chỉ có 2 giải"):
        services.assign_prize(entries[3], second)
    services.assign_prize(entries[0], None)  # taking it back frees the place
    services.assign_prize(entries[3], first)
    assert Entry.objects.filter(prize=first).count() == 1 and Entry.objects.filter(prize=second).count() == 2


def test_prize_only_for_verified_finalists(edition, entries):
    to_final(edition, entries[:1])
    to_final(edition, entries[2:3], verification=Entry.Verification.REQUESTED)
    first = edition.prize_tiers.get(rank="nhat")
    with pytest.raises(ValidationError):
        services.assign_prize(entries[1], first)  # not in the final
    with pytest.raises(ValidationError, match="địa phương xác nhận"):
        services.assign_prize(entries[2], first)  # verification still pending
    services.record_verification(entries[0], confirmed=False, note="Sai sự thật")
    with pytest.raises(ValidationError):
        services.assign_prize(entries[0], first)


def test_results_are_invisible_until_published_then_shown_and_archived(staff_client, edition, entries):
    client = Client()
    to_final(edition, entries[:2])
    winner = entries[0]
    services.assign_prize(winner, edition.prize_tiers.get(rank="nhat"))
    page = client.get(f"/cuoc-thi/{edition.year}/").content.decode()
    assert winner.title not in page and winner.author_name not in page
    assert client.get(f"/cuoc-thi/{edition.year}/bai/{winner.code}/").status_code == 404
    assert client.get(f"/cuoc-thi/{edition.year}/giay-chung-nhan/{winner.code}.pdf").status_code == 404
    close_judging(edition)  # results come once every round and the vote are over
    staff_client.post(f"/cuoc-thi/quan-ly/{edition.year}/cong-bo/", {"confirm": "1"})
    edition.refresh_from_db()
    assert edition.results_published_at
    page = client.get(f"/cuoc-thi/{edition.year}/").content.decode()
    assert winner.title in page and winner.author_name in page and "Giải Nhất" in page
    assert winner.author_email not in page and winner.author_phone not in page
    detail = client.get(f"/cuoc-thi/{edition.year}/bai/{winner.code}/").content.decode()
    assert winner.text in detail
    assert client.get(f"/cuoc-thi/{edition.year}/bai/{entries[1].code}/").status_code == 404  # no prize
    assert str(edition.year) in client.get("/cuoc-thi/luu-tru/").content.decode()
    with pytest.raises(ValidationError):
        services.publish_results(edition)


def test_text_hidden_without_consent(client, edition, entries):
    to_final(edition, entries[:1])
    Entry.objects.filter(pk=entries[0].pk).update(consent_publish=False)
    services.assign_prize(entries[0], edition.prize_tiers.get(rank="ba"))
    close_judging(edition)
    services.publish_results(edition)
    detail = client.get(f"/cuoc-thi/{edition.year}/bai/{entries[0].code}/").content.decode()
    assert entries[0].title in detail and entries[0].text not in detail


def test_publish_refused_without_prizes(edition):
    with pytest.raises(ValidationError, match="Chưa có bài"):
        services.publish_results(edition)


def test_certificate_pdf_has_the_winner_with_vietnamese_letters(client, edition, entries):
    to_final(edition, entries[:1])
    Entry.objects.filter(pk=entries[0].pk).update(author_name="Nguyễn Thị Ánh Tuyết Đặng", title="Ông Sáu vá đường")
    services.assign_prize(entries[0], edition.prize_tiers.get(rank="nhi"))
    close_judging(edition)
    services.publish_results(edition)
    response = client.get(f"/cuoc-thi/{edition.year}/giay-chung-nhan/{entries[0].code}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)  # the stored file, served as a file
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "Nguyễn Thị Ánh Tuyết Đặng" in text
    assert "GIẤY CHỨNG NHẬN" in text and "GIẢI NHÌ" in text and "Ông Sáu vá đường" in text
    # Importing WeasyPrint must not leave Pillow accepting truncated uploads.
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_subject_becomes_an_unpublished_exemplar_linked_both_ways(staff_client, edition, entries):
    to_final(edition, entries[:1])
    entry = entries[0]
    staff_client.post(f"/cuoc-thi/quan-ly/{edition.year}/bai/{entry.pk}/dien-hinh/")
    entry.refresh_from_db()
    exemplar = entry.exemplar
    assert exemplar is not None and not exemplar.is_published
    assert exemplar.name == entry.subject_name and exemplar.locality == entry.subject_locality
    assert list(exemplar.contest_entries.all()) == [entry]
    staff_client.post(f"/cuoc-thi/quan-ly/{edition.year}/bai/{entry.pk}/dien-hinh/")
    assert Exemplar.objects.count() == 1


def test_judges_with_unscored_entries(edition, entries, judges):
    prelim = edition.rounds.get(kind="so-khao")
    services.assign_judges(prelim)
    first = Assignment.objects.filter(judge=judges[0]).first()
    services.save_score(first, judges[0], {"content": 1, "exemplary_value": 1, "writing": 1})
    day = prelim.ends_on - dt.timedelta(days=3)
    result = services.judges_with_unscored_entries(day)
    by_judge = {judge: (round_, n) for judge, round_, n in result}
    assert by_judge[judges[0]] == (prelim, 2) and by_judge[judges[1]] == (prelim, 3)
    assert services.judges_with_unscored_entries(prelim.ends_on - dt.timedelta(days=1))
    assert services.judges_with_unscored_entries(prelim.ends_on - dt.timedelta(days=2)) == []
    UserFactory()  # unrelated users never appear
    assert len(services.judges_with_unscored_entries(day)) == 4
