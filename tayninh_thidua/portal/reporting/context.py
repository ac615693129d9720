"""What a "Báo cáo sơ kết / tổng kết" says: one context, written out as DOCX, PDF and the xlsx annex.

The keys are documented in the README ("Report documents"); the DOCX template's styles and the PDF's HTML template
only decide how it looks.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from exemplars.models import Exemplar, Honour
from movements.models import Agency, Movement, Plan, PlanPhase, ReviewReport

from .figures import Figures, Labels, Scope, compute, exemplar_queryset, honour_queryset

PLACE = "Tây Ninh"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
# Above this many exemplars the document's list stops and points to the xlsx annex, which has them all.
LIST_LIMIT = 200
PRELIMINARY, FINAL = ReviewReport.Kind.PRELIMINARY, ReviewReport.Kind.FINAL


@dataclass
class Subject:
    """What the report covers: a plan (every phase, or one), optionally one movement, optionally one agency."""

    plan: Plan
    phase: PlanPhase | None = None
    movement: Movement | None = None
    agency: Agency | None = None
    kind: str = FINAL

    @property
    def issuer(self) -> Agency:
        if self.agency is not None:
            return self.agency
        if self.movement is not None and self.movement.lead_agency_id:
            return self.movement.lead_agency
        return self.plan.issuer

    def slug(self) -> str:
        parts = ["so-ket" if self.kind == PRELIMINARY else "tong-ket"]
        parts += [f"kh{self.plan.pk}"] + ([f"gd{self.phase.pk}"] if self.phase else [])
        parts += ([f"pt{self.movement.pk}"] if self.movement else []) + ([f"dv{self.agency.pk}"] if self.agency else [])
        return "bao-cao-" + "-".join(parts)


def default_kind(phase: PlanPhase | None, day: dt.date | None = None) -> str:
    """Sơ kết while the phase runs, tổng kết once it has ended (or for a whole plan)."""
    day = day or timezone.localdate()
    return PRELIMINARY if phase is not None and day <= phase.end_date else FINAL


def place_date(day: dt.date) -> str:
    return _("%(place)s, ngày %(d)02d tháng %(m)02d năm %(y)d") % {
        "place": PLACE,
        "d": day.day,
        "m": day.month,
        "y": day.year,
    }


def report_title(subject: Subject) -> tuple[str, str]:
    kind = _("Sơ kết") if subject.kind == PRELIMINARY else _("Tổng kết")
    what = subject.movement.name if subject.movement else subject.plan.title
    period = subject.phase.name if subject.phase else _("toàn kế hoạch")
    title = _("%(kind)s %(what)s, %(period)s") % {"kind": kind, "what": what, "period": period}
    if subject.agency is not None:
        title += " – " + subject.agency.name
    return kind, title


def _reports(subject: Subject, agency_ids) -> tuple[list[list], list[list]]:
    qs = ReviewReport.objects.with_relations().filter(kind=subject.kind)
    qs = qs.filter(phase=subject.phase) if subject.phase else qs.filter(phase__plan=subject.plan)
    if subject.movement:
        qs = qs.filter(movement=subject.movement)
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    received, missing = [], []
    for report in qs.order_by("movement__position", "movement__name", "agency__name"):
        when = timezone.localdate(report.submitted_at).strftime("%d/%m/%Y") if report.submitted_at else ""
        row = [report.movement.name, report.agency.name, report.due_date.strftime("%d/%m/%Y")]
        if report.is_open:
            missing.append([*row, str(report.get_state_display())])
        else:
            received.append([*row, when, str(report.get_state_display())])
    return received, missing


def _replication(subject: Subject, agency_ids) -> dict:
    qs = ReviewReport.objects.filter(kind=subject.kind).exclude(state__in=ReviewReport.OPEN_STATES)
    qs = qs.filter(phase=subject.phase) if subject.phase else qs.filter(phase__plan=subject.plan)
    if subject.movement:
        qs = qs.filter(movement=subject.movement)
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    sums = qs.aggregate(found=Sum("exemplars_found"), models=Sum("models_found"), replicated=Sum("models_replicated"))
    return {key: value or 0 for key, value in sums.items()}


def exemplar_rows(scope: Scope, *, limit: int | None = None) -> list[list]:
    """[no., name, kind, agency, field, locality, honours] — two queries of plain values whatever the size (the
    annex lists 10,000 exemplars: no model instances)."""
    qs = (
        Exemplar.objects.filter(pk__in=exemplar_queryset(scope).values("pk"))
        .order_by("agency__name", "name", "pk")
        .values_list("pk", "name", "kind", "agency__name", "field__name", "locality")
    )
    exemplars = list(qs[:limit] if limit is not None else qs)
    honours = Honour.objects.filter(exemplar_id__in=[row[0] for row in exemplars]).order_by("year", "pk")
    if not scope.include_unpublished:
        honours = honours.filter(revoked_at__isnull=True)
    held: dict[int, list[str]] = defaultdict(list)
    revoked = _("đã thu hồi")
    for exemplar_id, name, year, revoked_at in honours.values_list(
        "exemplar_id", "award_type__name", "year", "revoked_at"
    ):
        held[exemplar_id].append(f"{name} {year}" + (f" ({revoked})" if revoked_at else ""))
    kinds = dict(Exemplar.Kind.choices)
    return [
        [i, name, str(kinds.get(kind, kind)), agency, field or "", locality, "; ".join(held[pk])]
        for i, (pk, name, kind, agency, field, locality) in enumerate(exemplars, start=1)
    ]


def honour_rows(scope: Scope) -> list[list]:
    """Every honour of the scope for the annex: one query of plain values."""
    qs = (
        honour_queryset(scope)
        .order_by("year", "decision_date", "pk")
        .values_list(
            "exemplar__name",
            "exemplar__agency__name",
            "award_type__name",
            "year",
            "decision_number",
            "decision_date",
            "revoked_at",
        )
    )
    revoked, in_force = _("Đã thu hồi"), _("Còn hiệu lực")
    return [
        [i, *row[:-1], revoked if row[-1] else in_force] for i, row in enumerate(qs.iterator(chunk_size=5000), start=1)
    ]


def header_labels(*names) -> list[str]:
    return [str(name) for name in names]


EXEMPLAR_HEADER = [
    _l("STT"),
    _l("Tên"),
    _l("Loại"),
    _l("Cơ quan, đơn vị"),
    _l("Lĩnh vực"),
    _l("Địa phương"),
    _l("Khen thưởng"),
]
HONOUR_HEADER = [
    _l("STT"),
    _l("Điển hình"),
    _l("Cơ quan, đơn vị"),
    _l("Danh hiệu, hình thức"),
    _l("Năm"),
    _l("Số quyết định"),
    _l("Ngày quyết định"),
    _l("Tình trạng"),
]
RECEIVED_HEADER = [_l("Phong trào"), _l("Cơ quan, đơn vị"), _l("Hạn nộp"), _l("Ngày nộp"), _l("Tình trạng")]
MISSING_HEADER = [_l("Phong trào"), _l("Cơ quan, đơn vị"), _l("Hạn nộp"), _l("Tình trạng")]


def _body(subject: Subject, figures: Figures, replication: dict, received: int, missing: int) -> list[str]:
    period = subject.phase.name if subject.phase else _("toàn kế hoạch")
    lines = [
        _(
            "Trong %(period)s, đã phát hiện, bồi dưỡng %(exemplars)d điển hình tiên tiến (trong đó %(models)d mô "
            "hình), với %(honours)d lượt khen thưởng."
        )
        % {"period": period, "exemplars": figures.exemplars, "models": figures.models, "honours": figures.honours},
    ]
    if figures.honours_revoked:
        lines.append(
            _("Số lượt khen thưởng đã thu hồi: %(n)d (không tính vào kết quả).") % {"n": figures.honours_revoked}
        )
    lines.append(
        _(
            "Theo báo cáo của các cơ quan, đơn vị: %(found)d điển hình được phát hiện, %(models)d mô hình được xây "
            "dựng, %(replicated)d mô hình được nhân rộng."
        )
        % replication
    )
    lines.append(
        _("Đã nhận %(received)d báo cáo; còn %(missing)d báo cáo chưa nộp hoặc phải bổ sung.")
        % {"received": received, "missing": missing}
    )
    return lines


def body_code(issuer) -> str:
    """The issuing body's letters in a document's ký hiệu (Nghị định 30/2020): the upper-case words of its short name
    ("UBND tỉnh" gives "UBND", "SVHTTDL" stays), or "TĐKT" when it has none."""
    words = (issuer.short_name or "").split()
    return "".join(word for word in words if word.isupper()) or "".join(words).upper() or "TĐKT"


def issuing_parent(issuer) -> str:
    """The line above the issuing body (Nghị định 30/2020, mẫu 1.1): its direct superior, the provincial committee by
    default, and none for a body with no superior (the committee itself: never its own name twice)."""
    parent = (issuer.parent.name if issuer.parent_id else "UBND tỉnh Tây Ninh").upper()
    return "" if parent == issuer.name.upper() else parent


def build_context(
    subject: Subject,
    *,
    include_unpublished: bool = True,
    signer_title: str = "",
    signer_name: str = "",
    day: dt.date | None = None,
    progress: Callable[[int], None] = lambda _p: None,
) -> dict:
    """The report's context (README, "Report documents"). Staff reports count unpublished work; `progress` is told
    a percentage as the parts are gathered (the background job shows it)."""
    day = day or timezone.localdate()
    labels = Labels.load(include_unpublished=include_unpublished)
    agency_ids = labels.lineage(subject.agency.pk) if subject.agency else None
    scope = Scope(
        include_unpublished=include_unpublished,
        plan_id=subject.plan.pk,
        phase_id=subject.phase.pk if subject.phase else None,
        movement_id=subject.movement.pk if subject.movement else None,
        agency_ids=agency_ids,
    )
    figures = compute(scope, labels=labels, contests=False)
    progress(20)
    received, missing = _reports(subject, agency_ids)
    replication = _replication(subject, agency_ids)
    progress(30)
    exemplars = exemplar_rows(scope, limit=LIST_LIMIT)
    progress(40)
    kind_label, title = report_title(subject)
    issuer = subject.issuer
    keys = ["loai", "danh-hieu", "cap", "don-vi", "linh-vuc"] + ([] if subject.phase else ["giai-doan"])
    keys += [] if subject.movement else ["phong-trao"]
    return {
        "subject": subject,
        "scope": scope,
        "nation": NATION,
        "motto": MOTTO,
        "issuing_parent": issuing_parent(issuer),
        "issuing_body": issuer.name.upper(),
        "number": _("Số: %(blank)s/BC-%(code)s") % {"blank": "\u00a0" * 8, "code": body_code(issuer)},
        "place_date": place_date(day),
        "day": day,
        "kind_label": kind_label,
        "document_type": _("BÁO CÁO"),
        "title": title,
        "movement": subject.movement,
        "phase": subject.phase,
        "plan": subject.plan,
        "agency": subject.agency,
        "figures": figures,
        "body": _body(subject, figures, replication, len(received), len(missing)),
        "replication": replication,
        "tables": [t for t in (figures.table(k) for k in keys) if t is not None],
        "exemplar_header": header_labels(*EXEMPLAR_HEADER),
        "exemplars": exemplars,
        "exemplars_cut": figures.exemplars > len(exemplars),
        "received_header": header_labels(*RECEIVED_HEADER),
        "reports_received": received,
        "missing_header": header_labels(*MISSING_HEADER),
        "reports_missing": missing,
        "signer_title": signer_title or _("THỦ TRƯỞNG CƠ QUAN"),
        "signer_name": signer_name,
        "recipients": [_("Như trên;"), _("Lưu: VT.")],
    }
