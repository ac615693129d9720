"""Every message a user sees is Vietnamese (issue #11, item 21).

The messages of Django (admin, accounts, forms and validators, the CSRF page, sizes and dates), of
django-simple-history (the admin's history pages), of Django REST framework and django-filter (the API's errors)
all have a Vietnamese text: in their own "vi" catalogue, or in the project's locale/vi, whose compiled .mo is
committed and must match the .po.
"""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import global_settings, settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def _package_dir(module) -> Path:
    return Path(module.__file__).parent


def _po_entries(path: Path) -> list[tuple[str | None, str, str | None]]:
    """(context, msgid, msgid_plural) of a .po file."""
    entries, current, key = [], {}, None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line or line.startswith("#"):
            if current.get("msgid"):
                entries.append((current.get("msgctxt"), current["msgid"], current.get("msgid_plural")))
            if current.get("msgid") is not None or not line:
                current, key = {}, None
            continue
        match = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?)\s+(\".*\")$", line)
        if match:
            key = match.group(1)
            current[key] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
    return entries


def _mo_entries(path: Path) -> list[tuple[str | None, str, str | None]]:
    found = []
    with path.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    for key in catalog:
        msgid, plural = (key[0], key[0]) if isinstance(key, tuple) else (key, None)
        if msgid:
            context, _sep, bare = msgid.rpartition("\x04")
            found.append((context or None, bare, plural))
    return found


def _sources() -> dict[str, list[tuple[str | None, str, str | None]]]:
    import django
    import django_filters
    import rest_framework
    import simple_history

    dj = _package_dir(django)
    sources = {
        "django": [dj / "conf/locale/en/LC_MESSAGES/django.po"],
        "admin": [dj / "contrib/admin/locale/en/LC_MESSAGES/django.po"],
        "auth": [dj / "contrib/auth/locale/en/LC_MESSAGES/django.po"],
        "contenttypes": [dj / "contrib/contenttypes/locale/en/LC_MESSAGES/django.po"],
        "humanize": [dj / "contrib/humanize/locale/en/LC_MESSAGES/django.po"],
        # These ship no English catalogue: their messages are the msgids of all their translations.
        "simple_history": sorted(_package_dir(simple_history).glob("locale/*/LC_MESSAGES/django.po")),
        "django_filters": sorted(_package_dir(django_filters).glob("locale/*/LC_MESSAGES/django.po")),
        "rest_framework": [_package_dir(rest_framework) / "locale/en/LC_MESSAGES/django.mo"],
    }
    out = {}
    for name, paths in sources.items():
        assert paths and all(p.exists() for p in paths), name
        entries = set()
        for path in paths:
            entries |= set(_po_entries(path) if path.suffix == ".po" else _mo_entries(path))
        out[name] = sorted(entries, key=lambda e: (e[1], e[0] or ""))
    return out


# Never shown by this site: language names (no language menu), and Django's own welcome page for an empty
# project in DEBUG mode.
NEVER_SHOWN = {str(name) for _code, name in global_settings.LANGUAGES} | {
    "Django Documentation",
    "Topics, references, &amp; how-to’s",
    "Tutorial: A Polling App",
    "Get started with Django",
    "Django Community",
    "Connect, get help, or contribute",
    "The install worked successfully! Congratulations!",
    'View <a href="https://docs.djangoproject.com/en/%(version)s/releases/" target="_blank" rel="noopener">'
    "release notes</a> for Django %(version)s",
    'You are seeing this page because <a href="https://docs.djangoproject.com/en/%(version)s/ref/settings/#debug"'
    ' target="_blank" rel="noopener">DEBUG=True</a> is in your settings file and you have not configured any'
    " URLs.",
}


def test_every_message_of_django_and_the_libraries_has_a_vietnamese_text():
    with translation.override("vi"):
        catalog = translation.trans_real.catalog()._catalog
    missing = []
    for source, entries in _sources().items():
        for context, msgid, plural in entries:
            key = f"{context}\x04{msgid}" if context else msgid
            present = (key, 0) in catalog if plural else key in catalog
            if not present and msgid not in NEVER_SHOWN:
                missing.append(f"{source}: {msgid!r}")
    assert not missing, "add to locale/vi/LC_MESSAGES/django.po:\n" + "\n".join(missing)


def test_the_committed_mo_matches_the_po():
    """The .mo files are committed (the image and `make run` do not compile them): `make messages` rebuilds them."""
    for po in Path(settings.LOCALE_PATHS[0]).glob("*/LC_MESSAGES/*.po"):
        expected = {(c, m, bool(p)) for c, m, p in _po_entries(po)}
        compiled = {(c, m, bool(p)) for c, m, p in _mo_entries(po.with_suffix(".mo"))}
        assert expected == compiled, f"recompile {po}"


# --- what users met in English ---------------------------------------------------------------------------
def test_an_empty_report_file_says_the_file_is_empty(agency_client, member, report_factory):
    report = report_factory(agency=member.agency)
    response = agency_client.post(
        reverse("agency:report.attachment.create", kwargs={"pk": report.pk}),
        {"title": "", "file": SimpleUploadedFile("rong.pdf", b"")},
        follow=True,
    )
    text = response.content.decode()
    assert "Chưa chọn tệp" not in text and "rỗng" in text


def test_the_admin_says_correct_the_error_in_vietnamese(admin_client):
    response = admin_client.post(reverse("admin:tayninh_thidua_newsarticle_add"), {"title": ""})
    text = response.content.decode()
    assert "Vui lòng sửa lỗi bên dưới" in text and "Please correct" not in text


def test_a_nul_in_a_public_form_is_refused_in_vietnamese(client):
    data = {"name": "Người\x00dân", "subject": "Góp ý", "message": "Nội dung"}
    response = client.post(reverse("portal:feedback"), data)
    text = response.content.decode()
    assert "Null characters" not in text and "ký tự không hợp lệ" in text


@pytest.mark.parametrize(
    ("url", "expected"),
    [("/api/exemplars/?page=99", "Trang không hợp lệ"), ("/api/honours/?year=abc", "Nhập một số")],
)
def test_the_api_answers_errors_in_vietnamese(client, url, expected):
    response = client.get(url)
    assert response.status_code in (400, 404)
    assert expected in response.content.decode("utf-8")


def test_the_history_pages_are_vietnamese(admin_client):
    from tests.factories import ExemplarFactory

    exemplar = ExemplarFactory()
    response = admin_client.get(reverse("admin:exemplars_exemplar_history", args=[exemplar.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    for english in ("Change History", "Changed by", "Change reason", "Object", "Revert"):
        assert f">{english}<" not in text, english
