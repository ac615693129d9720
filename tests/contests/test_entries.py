import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from contests.models import Entry
from tayninh_thidua.lib.models import OutgoingMail
from tests.contests.conftest import png
from tests.factories import EditionFactory, words

pytestmark = pytest.mark.django_db


def form_data(**overrides) -> dict:
    data = {
        "author_name": "Lê Văn Bút Danh",
        "author_email": "butdanh@example.org",
        "author_phone": "0912345678",
        "author_address": "Số 5, khu phố 2, phường 3, Tây Ninh",
        "author_workplace": "Báo Tây Ninh",
        "genre": "ky-su",
        "title": "Cô giáo cắm bản ở Tân Hoà",
        "text": words(20, "cô-giáo"),
        "subject_kind": "individual",
        "subject_name": "Cô Nguyễn Thị Hạnh",
        "subject_locality": "Xã Tân Hoà, huyện Tân Châu",
        "subject_activity": "Mở lớp học tình thương cho trẻ em nghèo.",
        "declaration": "on",
        "consent_publish": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def receipt_of(entry: Entry) -> OutgoingMail:
    return OutgoingMail.objects.get(key=f"contest-receipt:{entry.pk}")


def url(edition) -> str:
    return f"/cuoc-thi/{edition.year}/du-thi/"


def test_entry_gets_a_code_and_an_email_receipt(client, edition, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(edition), {**form_data(), "photos": [png("a.png"), png("b.png")]}, follow=True)
    entry = Entry.objects.get()
    assert entry.code == f"GNT-{edition.year}-0001"
    assert entry.code in response.content.decode()
    assert entry.word_count == 20 and entry.photos.count() == 2
    assert all(p.image.name.startswith("contests/") and not p.image.name.endswith("/a.png") for p in entry.photos.all())
    assert len(mail.outbox) == 1 and entry.code in mail.outbox[0].body and mail.outbox[0].to == ["butdanh@example.org"]
    assert receipt_of(entry).sent_at is not None


def test_codes_are_numbered_per_edition(client, edition):
    client.post(url(edition), form_data())
    client.post(url(edition), form_data(title="Bài thứ hai", text=words(20, "thứ-hai")))
    assert list(Entry.objects.values_list("code", flat=True)) == [
        f"GNT-{edition.year}-0001",
        f"GNT-{edition.year}-0002",
    ]


@pytest.mark.parametrize("shift", [-60, 40])
def test_outside_window_is_refused_with_a_message(client, shift):
    today = timezone.localdate()
    edition = EditionFactory(
        submission_opens=today + dt.timedelta(days=shift), submission_closes=today + dt.timedelta(days=shift + 10)
    )
    response = client.post(url(edition), form_data())
    assert response.status_code == 200 and not Entry.objects.exists()
    content = response.content.decode()
    assert ("chưa bắt đầu nhận bài" in content) if shift > 0 else ("hết hạn nhận bài" in content)
    assert "Cô giáo cắm bản ở Tân Hoà" in content and "Mở lớp học tình thương" in content  # nothing typed is lost
    assert client.get(url(edition)).status_code == 302  # no empty form outside the window


@pytest.mark.parametrize("n", [3, 61])
def test_word_limits_keep_what_was_typed(client, edition, n):
    response = client.post(url(edition), form_data(text=words(n, "ngắn")))
    assert response.status_code == 200 and not Entry.objects.exists()
    content = response.content.decode()
    assert f"Bài dự thi có {n} chữ; thể lệ yêu cầu từ 5 đến 60 chữ." in content
    assert "Cô giáo cắm bản ở Tân Hoà" in content and "Lê Văn Bút Danh" in content  # nothing lost


def test_too_many_photos_refused_and_says_photos_must_be_chosen_again(client, edition):
    response = client.post(url(edition), {**form_data(), "photos": [png("1.png"), png("2.png"), png("3.png")]})
    assert not Entry.objects.exists()
    content = response.content.decode()
    assert "tối đa 2 ảnh" in content
    assert "chọn lại ảnh" in content
    assert "Cô giáo cắm bản ở Tân Hoà" in content


def test_a_file_that_is_not_an_image_is_refused(client, edition):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("anh.png", b"not really a picture", content_type="image/png")
    response = client.post(url(edition), {**form_data(), "photos": [fake]})
    assert not Entry.objects.exists()
    assert "không phải là ảnh hợp lệ" in response.content.decode()


def test_duplicate_entry_is_refused(client, edition):
    client.post(url(edition), form_data())
    response = client.post(url(edition), form_data(title="Tên khác"))
    assert Entry.objects.count() == 1
    assert "đã được gửi trước đó" in response.content.decode()


@pytest.fixture
def long_edition(db):
    return EditionFactory(min_words=5, max_words=1500)


def test_near_duplicate_of_an_earlier_entry_is_refused(client, long_edition):
    """Issue #11 item 17: one word added to an earlier text is not a new entry."""
    original = words(1000, "gốc")
    client.post(url(long_edition), form_data(text=original))
    assert Entry.objects.count() == 1
    half = len(original) // 2
    copies = [
        original[:half] + " thật " + original[half:],  # one word added
        original.replace("người", "con người", 3),  # three words added in three places
        "Mở đầu: " + original,  # a new opening
    ]
    for i, text in enumerate(copies):
        data = form_data(author_name=f"Người Khác {i}", author_email=f"khac{i}@example.org", title=f"Bài khác {i}")
        response = client.post(url(long_edition), {**data, "text": text}, REMOTE_ADDR=f"10.0.{i}.1")
        assert response.status_code == 200, i
        content = response.content.decode()
        assert "giống" in content and "bài đã gửi trước đó" in content, i
        assert Entry.objects.count() == 1, i
    other = client.post(url(long_edition), form_data(title="Bài thật sự khác", text=words(1000, "khác")))
    assert other.status_code == 302 and Entry.objects.count() == 2


def test_near_duplicates_are_only_sought_in_the_same_edition(client, long_edition):
    from contests import services

    text = words(300, "gốc")
    services.submit_entry(EditionFactory(min_words=5, max_words=1500), {**_entry_data(), "text": text}, [])
    assert client.post(url(long_edition), form_data(text=text + " nữa")).status_code == 302


def _entry_data() -> dict:
    data = form_data()
    for name in ("website", "declaration", "consent_publish"):
        data.pop(name)
    return {**data, "declaration": True, "consent_publish": True}


def test_similarity_measure():
    from contests.services.similarity import NEAR_DUPLICATE_THRESHOLD, similarity

    text = words(1000, "gốc")
    assert similarity(text, text) == 1.0
    assert similarity(text, text.upper()) == 1.0  # case and diacritics do not hide a copy
    assert similarity(text, "Bài: " + text + " Hết.") > 0.99
    assert similarity(text, words(1000, "khác")) < 0.05
    assert 0.5 <= NEAR_DUPLICATE_THRESHOLD < 1


def test_declaration_is_required(client, edition):
    data = form_data()
    del data["declaration"]
    response = client.post(url(edition), data)
    assert response.status_code == 200 and not Entry.objects.exists()


def test_honeypot_stores_nothing(client, edition):
    response = client.post(url(edition), form_data(website="http://spam.example"), follow=True)
    assert response.status_code == 200
    assert not Entry.objects.exists()
    assert not mail.outbox


def test_rate_limit_per_address(client, edition):
    for i in range(5):
        client.post(url(edition), form_data(title=f"Bài {i}", text=words(20, f"bài-số-{i}")))
    assert Entry.objects.count() == 5
    response = client.post(url(edition), form_data(title="Bài 6", text=words(20, "bài-số-6")))
    assert response.status_code == 429
    assert "quá nhiều bài" in response.content.decode()
    assert Entry.objects.count() == 5
    other = client.post(url(edition), form_data(title="Bài 7", text=words(20, "bài-số-7")), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302 and Entry.objects.count() == 6


def test_failed_submissions_do_not_count_toward_the_entry_limit(client, edition):
    """Issue #11 item 14: five forms refused for validation errors, then a valid entry, is stored (the limit is
    five stored entries per address per hour, not five attempts)."""
    for i in range(5):
        refused = client.post(url(edition), form_data(title=f"Bài {i}", text=words(3, f"ngắn-{i}")))
        assert refused.status_code == 200 and "thể lệ yêu cầu" in refused.content.decode()
    assert not Entry.objects.exists()
    response = client.post(url(edition), form_data())
    assert response.status_code == 302 and Entry.objects.count() == 1


def test_raw_post_floods_are_throttled_separately(client, edition):
    """Posts that store nothing are throttled too, by their own (higher) limit, with their own message."""
    from contests.views.public import ENTRY_POST_RATE

    for i in range(ENTRY_POST_RATE["limit"]):
        assert client.post(url(edition), form_data(text=words(2, f"rác-{i}"))).status_code == 200
    flooded = client.post(url(edition), form_data())
    assert flooded.status_code == 429 and not Entry.objects.exists()
    assert "quá nhiều lần" in flooded.content.decode()
    assert "Cô giáo cắm bản ở Tân Hoà" in flooded.content.decode()  # what was typed is shown back
    assert client.post(url(edition), form_data(), REMOTE_ADDR="10.9.8.7").status_code == 302


def test_form_page_has_no_inline_script_or_style(client, edition):
    content = client.get(url(edition)).content.decode()
    assert "style=" not in content and "<script>" not in content
    assert 'name="website"' in content


@pytest.mark.services
def test_receipt_is_sent_by_a_real_celery_worker(celery_worker, client, edition):
    import time

    client.post(url(edition), form_data())
    entry = Entry.objects.get()
    for _ in range(100):  # the worker runs in a thread; wait for it
        if receipt_of(entry).sent_at:
            break
        time.sleep(0.1)
    assert receipt_of(entry).sent_at is not None
    assert any(entry.code in m.body for m in mail.outbox)
