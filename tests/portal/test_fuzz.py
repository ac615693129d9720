"""No input may produce a 500 (issue #11, item 20).

Every URL pattern of the site (the admin aside) is taken from the resolver; its path parameters are filled with
hostile values (NUL, overlong, negative, huge numbers, NFD text, quotes), and, with real objects, its query
parameters and every field of every form on the page are filled with them too. Each is sent by GET and POST, as
a visitor, an agency head and a provincial staff member. The test collects every 500 and fails listing them.
"""

from __future__ import annotations

import datetime as dt
import time
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from contests import services as contest_services
from contests.models import Assignment, EntryPhoto, Vote
from exemplars import services as exemplar_services
from exemplars.models import Initiative, RegistrationPeriod
from exemplars.services import lifecycle
from movements.models import Bloc, BlocMembership, Covenant, ReviewReport
from movements.services import reports
from tayninh_thidua.portal.models import ReportJob
from tests.contests.conftest import close_judging, png
from tests.exemplars.helpers import PDF
from tests.factories import (
    AgencyFactory,
    AwardTypeFactory,
    EditionFactory,
    EntryFactory,
    EventPhotoFactory,
    ExemplarFactory,
    HonourFactory,
    NewsArticleFactory,
    NominationFactory,
    ProposalFactory,
    StaffUserFactory,
)
from tests.fixtures.reports import ReviewReportFactory
from tests.html_forms import forms_of

pytestmark = pytest.mark.django_db

NUL, NFD = "a\x00b", "Nguye\u0302\u0303n Va\u0306n Đu\u031bc"
HUGE = "99999999999999999999"
PATH_NUMBERS = ["2147483648", HUGE]
PATH_TEXTS = [NUL, "x" * 3000, NFD, "-1'\"<>;%", HUGE]
QUERY_VALUES = [NUL, "x" * 3000, "-1", HUGE, NFD]
FORM_VALUES = [NUL, "x" * 20_000, "-1", HUGE, NFD, "31/02/2026"]
QUERY_NAMES = ["trang", "page", "q", "format", "next", "ordering"]
NEVER_POST = {"logout"}  # it would sign the role out in the middle of the round


def _patterns(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
            yield from _patterns(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and not prefix.startswith("admin/"):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            converters = getattr(pattern.pattern, "converters", {})
            groups = list(converters) or list(pattern.pattern.regex.groupindex)
            yield prefix + str(pattern.pattern), name, groups, converters, pattern.callback


# DRF's ".json" variants of the API routes run the same views: fuzzing the plain routes covers them.
PATTERNS = [p for p in _patterns(get_resolver()) if p[1] != "bench.floor" and "(?P<format>" not in p[0]]


@pytest.fixture
def world(agency, head):
    """One of everything a URL can name, reachable by the head's agency and by staff."""
    staff = StaffUserFactory(username="canbotinh")
    current = EditionFactory()
    entry = EntryFactory(edition=current)
    photo = EntryPhoto.objects.create(entry=entry, image=SimpleUploadedFile("a.png", png().read()))
    staff.groups.add(contest_services.judges_group())  # staff also judge here, so the judges' pages are fuzzed
    prelim = current.rounds.order_by("order").first()
    assignment = Assignment.objects.create(round=prelim, entry=entry, judge=staff)
    vote = Vote.objects.create(edition=current, entry=entry, email="binhchon@example.org")
    past = EditionFactory()
    winner = EntryFactory(edition=past, stage=past.final_round.order, verification="confirmed")
    contest_services.assign_prize(winner, past.prize_tiers.get(rank="nhat"))
    close_judging(past)  # results come once its rounds and vote are over
    contest_services.publish_results(past)
    contest_services.request_verification(entry, agency)  # an open verification link, so its form is fuzzed
    nomination = NominationFactory(agency=agency)
    honour = HonourFactory()
    honour.exemplar.movements.add(nomination.movement)
    attachment = exemplar_services.add_attachment(
        nomination,
        actor=head,
        document_type="proposal",
        file=SimpleUploadedFile("to-trinh.pdf", PDF),
        original_name="to-trinh.pdf",
        content_type="application/pdf",
    )
    nomination.nominee_portrait.save("p.png", SimpleUploadedFile("p.png", png().read()))
    report = ReviewReportFactory(agency=agency)
    report_file = reports.add_attachment(report, SimpleUploadedFile("b.pdf", PDF), "Báo cáo", head)
    event = EventPhotoFactory().event
    decision_road = _decision_road(agency, staff, honour)
    RegistrationPeriod.objects.create(
        year=timezone.localdate().year, deadline=timezone.localdate() + dt.timedelta(days=30)
    )
    registered = exemplar_services.register_title(
        agency,
        timezone.localdate().year,
        actor=head,
        award_type=AwardTypeFactory(kind="title"),
        nominee_kind="individual",
        nominee_name="Người đăng ký",
    )
    bloc = Bloc.objects.create(name="Khối thử")
    covenant = Covenant.objects.create(bloc=bloc, year=2025, is_published=True, published_at=timezone.now())
    covenant.criteria.create(text="Tiêu chí", max_points=100)
    BlocMembership.objects.create(bloc=bloc, agency=agency, year=2025)
    BlocMembership.objects.create(bloc=bloc, agency=AgencyFactory(), year=2025)
    unpublished = Covenant.objects.create(bloc=bloc, year=2026)  # open for scoring: its forms are fuzzed
    unpublished.criteria.create(text="Tiêu chí", max_points=100, evidence_required=True)
    BlocMembership.objects.create(bloc=bloc, agency=agency, year=2026)
    initiative = Initiative.objects.create(agency=agency, title="Sáng kiến", authors="Tác giả", summary="Tóm tắt")
    initiative_file = exemplar_services.add_initiative_file(
        initiative,
        actor=head,
        file=SimpleUploadedFile("sk.pdf", PDF),
        original_name="sk.pdf",
        content_type="application/pdf",
    )
    news = NewsArticleFactory()
    job = ReportJob.objects.create(params={"plan": ReviewReport.objects.get(pk=report.pk).phase.plan_id})
    life = _lifecycle_world(agency, head, staff)
    real = {
        "portal:news.detail": {"slug": news.slug},
        "password_reset_confirm": {
            "uidb64": urlsafe_base64_encode(force_bytes(head.pk)),
            "token": default_token_generator.make_token(head),
        },
        "api:exemplar-detail": {"slug": honour.exemplar.slug},
        "api:honour-detail": {"pk": honour.pk},
        "api:movement-detail": {"slug": nomination.movement.slug},
        "movements:movement.detail": {"slug": nomination.movement.slug},
        "exemplars:exemplar.detail": {"slug": honour.exemplar.slug},
        "exchanges:event.detail": {"slug": event.slug},
        "contests:edition.detail": {"year": current.year},
        "contests:entry.submit": {"year": current.year},
        "contests:entry.submitted": {"year": current.year},
        "contests:entry.detail": {"year": past.year, "code": winner.code},
        "contests:entry.photo": {"year": current.year, "code": entry.code, "pk": photo.pk},
        "contests:certificate.download": {"year": past.year, "code": winner.code},
        "contests:vote.request": {"year": current.year},
        "contests:vote.confirm": {"token": contest_services.vote_token(vote)},
        "contests:verification.respond": {"token": contest_services.verification_token(entry)},
        "contests:manage.edition": {"year": current.year},
        "contests:edition.publish": {"year": current.year},
        "contests:round.assign": {"pk": prelim.pk},
        "contests:round.advance": {"pk": prelim.pk},
        "contests:round.reopen": {"pk": prelim.pk},
        "contests:entry.verification_request": {"year": current.year, "pk": entry.pk},
        "contests:entry.verification_record": {"year": current.year, "pk": entry.pk},
        "contests:entry.prize": {"year": current.year, "pk": entry.pk},
        "contests:entry.exemplar": {"year": current.year, "pk": entry.pk},
        "judges:assignment.detail": {"pk": assignment.pk},
        "judges:conflict.declare": {"pk": assignment.pk},
        "agency:nomination.detail": {"pk": nomination.pk},
        "agency:nomination.edit": {"pk": nomination.pk},
        "agency:nomination.submit": {"pk": nomination.pk},
        "agency:nomination.resubmit": {"pk": nomination.pk},
        "agency:attachment.upload": {"pk": nomination.pk},
        "agency:attachment.delete": {"pk": nomination.pk, "attachment_pk": attachment.pk},
        "agency:nomination.portrait": {"pk": nomination.pk},
        "agency:attachment.download": {"pk": attachment.pk},
        "agency:nomination.initiatives": {"pk": nomination.pk},
        "agency:initiative.detail": {"pk": initiative.pk},
        "agency:initiative.edit": {"pk": initiative.pk},
        "agency:initiative.file.upload": {"pk": initiative.pk},
        "agency:initiative.file.download": {"pk": initiative_file.pk},
        "agency:registration.remove": {"pk": registered.pk},
        "agency:covenant.detail": {"pk": unpublished.pk},
        "agency:covenant.score": {"pk": unpublished.pk},
        "blocs:ranking": {"slug": bloc.slug, "year": covenant.year},
        "agency:report.detail": {"pk": report.pk},
        "agency:report.submit": {"pk": report.pk},
        "agency:report.attachment.create": {"pk": report.pk},
        "agency:report.attachment.download": {"pk": report.pk, "attachment_pk": report_file.pk},
        "agency:report.attachment.staff_download": {"attachment_pk": report_file.pk},
        "agency:statistics.report": {"fmt": "docx"},
        "stats:download.csv": {"key": "don-vi"},
        "stats:dashboard.csv": {"key": "don-vi"},
        "stats:report.download": {"fmt": "pdf"},
        "stats:report.job": {"token": job.token},
        "stats:report.progress": {"token": job.token},
        "stats:report.job.file": {"token": job.token, "fmt": "docx"},
        **life,
        **decision_road,
    }
    roles = {"visitor": Client(), "head": Client(), "staff": Client()}
    roles["head"].force_login(head)
    roles["staff"].force_login(staff)
    for client in roles.values():
        client.raise_request_exception = False  # collect every 500 instead of stopping at the first
    return real, roles


def _lifecycle_world(agency, head, staff) -> dict:
    """A proposal with a photo, waiting for this agency's answer (an open link), one of its exemplars with a plan,
    and a replication with evidence recorded by the agency (#14)."""
    proposal = ProposalFactory()
    proposal.photo.save("p.png", SimpleUploadedFile("p.png", png().read()))
    proposal = exemplar_services.send_for_verification(proposal, agency, actor=staff)
    own = ExemplarFactory(agency=agency)
    exemplar_services.save_nurturing_plan(own, actor=head, goals="Bồi dưỡng")
    replication = exemplar_services.record_replication(
        ExemplarFactory(), actor=head, agency=agency, date=dt.date(2026, 1, 1), what="Nhân rộng"
    )
    replication.evidence_file.save("b.pdf", SimpleUploadedFile("b.pdf", PDF))
    return {
        "proposals:status": {"code": proposal.tracking_code},
        "proposals:verify": {"token": lifecycle.verification_token(proposal)},
        "agency:proposal.detail": {"pk": proposal.pk},
        "agency:proposal.verify": {"pk": proposal.pk},
        "agency:proposal.photo": {"pk": proposal.pk},
        "agency:exemplar.nurturing": {"pk": own.pk},
        "agency:follow_up.create": {"pk": own.pk},
        "agency:replication.evidence": {"pk": replication.pk},
    }


def _decision_road(agency, staff, honour) -> dict:
    """An open consultation with a comment, a council session open for voting (staff sit on the council) and a
    certificate code: the pages of the road from dossier to decision (#15)."""
    import datetime as dt

    from django.utils import timezone

    from exemplars.models import Council, CouncilMember, CouncilSession, HonourCertificate
    from exemplars.services import consultation, council

    consulted, voted = (
        NominationFactory(agency=agency, state="in-review", votes_for=None, council_members=None) for _ in range(2)
    )
    opened = consultation.open_consultation([consulted], actor=staff, title="Lấy ý kiến", opens_on=timezone.localdate())
    comment = consultation.submit_comment(opened, consulted, name="Dân", email="dan@example.org", comment="Ý kiến")
    board = Council.objects.create(name="Hội đồng", term_start=dt.date(2020, 1, 1))
    CouncilMember.objects.create(council=board, user=staff, name="Cán bộ", term_start=board.term_start)
    session = CouncilSession.objects.create(council=board, title="Phiên họp", date=timezone.localdate())
    council.add_to_agenda(session, [voted], actor=staff)
    council.open_voting(session, actor=staff)
    certificate = HonourCertificate.objects.create(honour=honour, code="MaXacThucThuNghiem_0123")
    return {
        "consultations:comment": {"pk": opened.pk},
        "consultations:comment.confirm": {"token": comment.token},
        "council:ballot": {"pk": session.pk},
        "council:session.minutes": {"pk": session.pk, "fmt": "docx"},
        "verification:status": {"code": certificate.code},
    }


def _kwargs_named(groups) -> list[str]:
    return [g for g in groups if g != "format"]


def test_every_pattern_with_parameters_has_real_values(world):
    real, _roles = world
    missing = [name for _route, name, groups, _c, _v in PATTERNS if _kwargs_named(groups) and name not in real]
    assert not missing, f"add real values for {missing} to the fuzz test's world"


def _path(name, groups, real, override=None):
    kwargs = {g: "json" if g == "format" else real[name][g] for g in groups}
    sentinels = {}
    if override is not None:
        key, _value = override
        sentinel = "9999901" if str(kwargs[key]).isdigit() else "zzsentinel"  # matches the converter
        sentinels[sentinel] = override
        kwargs[key] = sentinel
    path = reverse(name, kwargs=kwargs)
    for sentinel, (_key, value) in sentinels.items():
        path = path.replace(sentinel, quote(value, safe=""))
    return path


class Round:
    def __init__(self, roles):
        self.roles = roles
        self.failures: list[str] = []
        self.count = 0

    def send(self, role: str, method: str, path: str, data=None, query: str = "", follow=False):
        url = f"{path}?{query}" if query else path
        response = getattr(self.roles[role], method)(url, data or {}, follow=follow)
        self.count += 1
        if response.status_code >= 500:
            self.failures.append(f"{response.status_code} {role} {method.upper()} {url[:160]!r}")
        return response


def _audience(view) -> str:
    """Who the page is for: that role goes past its access check, so it is the one whose inputs are fuzzed."""
    module = view.__module__
    if module.endswith(".agency"):
        return "head"
    if module.endswith((".staff", ".judges", ".council")):  # staff also sit on the council in the world below
        return "staff"
    return "visitor"


def _hostile_paths(name, groups, converters, real):
    for key in _kwargs_named(groups):
        numeric = isinstance(converters.get(key), IntConverter)
        for value in PATH_NUMBERS if numeric else PATH_TEXTS:
            yield _path(name, groups, real, (key, value))


def _filter_names(view) -> list[str]:
    filterset = getattr(getattr(view, "cls", None), "filterset_class", None)
    return list(filterset.base_filters) if filterset else []


def _hostile_form(form, value: str) -> dict:
    data = {}
    for name, kind in form.names.items():
        if kind in {"submit", "button", "image", "reset"}:
            continue
        if kind == "file":
            data[name] = SimpleUploadedFile(f"{NFD}.pdf", value.encode("utf-8"), "application/pdf")
        else:
            data[name] = value
    return data


def _fuzz_page(run: Round, role: str, name: str, path: str, view, seen_forms: set) -> None:
    page = run.send(role, "get", path, follow=True)
    path = page.request["PATH_INFO"] if page.redirect_chain else path
    is_html = "html" in page.get("Content-Type", "")
    forms = forms_of(page.content.decode("utf-8", "replace")) if is_html and page.status_code == 200 else []
    names = [*QUERY_NAMES, *_filter_names(view)]
    names += [n for form in forms if form.method == "get" for n, kind in form.names.items() if kind != "submit"]
    if is_html or "json" in page.get("Content-Type", ""):  # files and PDFs take no query
        for value in QUERY_VALUES:
            run.send(role, "get", path, query=urlencode(dict.fromkeys(names, value)))
    for form in forms:
        action = urlsplit(form.action).path or path
        key = (role, action, tuple(sorted(form.names)))
        if form.method != "post" or key in seen_forms or action == reverse("logout"):
            continue
        seen_forms.add(key)
        for value in FORM_VALUES:
            run.send(role, "post", action, _hostile_form(form, value))


def test_no_input_gives_a_500(world):
    real, roles = world
    started = time.monotonic()
    run = Round(roles)
    seen_forms: set = set()
    for _route, name, groups, converters, view in PATTERNS:
        path = _path(name, groups, real) if name else "/" + _route
        for role in roles:  # every role reaches the page's access check
            run.send(role, "get", path)
            if name not in NEVER_POST:
                run.send(role, "post", path, {"x": NUL})
        own = _audience(view)  # the page's own audience goes past it, with hostile input everywhere
        for hostile in _hostile_paths(name, groups, converters, real):
            run.send(own, "get", hostile)
            run.send(own, "post", hostile, {"x": NUL})
        if name not in NEVER_POST:
            _fuzz_page(run, own, name, path, view, seen_forms)
    elapsed = time.monotonic() - started
    print(f"fuzz: {run.count} requests in {elapsed:.1f} s")
    assert not run.failures, "\n".join(sorted(set(run.failures)))


@pytest.mark.parametrize(
    ("url", "status"),
    [("/cuoc-thi/2101/bai/a%00b/", 404), ("/dien-hinh/?q=a%00b", 400), ("/tin-tuc/?trang=%00", 400)],
)
def test_a_nul_in_the_address_is_refused_before_any_lookup(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert "<html" in response.content.decode()  # the site's own error page, in Vietnamese
