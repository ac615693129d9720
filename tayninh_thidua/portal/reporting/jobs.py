"""Plan-wide reports in the background: a ReportJob row, a task that fills it, a progress the page polls."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from movements.models import Agency, Movement, Plan, PlanPhase
from tayninh_thidua.lib.uploads import CheckedFile

from ..models import ReportJob
from .context import Subject, build_context, default_kind
from .documents import FORMATS

log = logging.getLogger(__name__)


def params_for(subject: Subject, *, signer_title: str = "", signer_name: str = "") -> dict:
    return {
        "plan": subject.plan.pk,
        "phase": subject.phase.pk if subject.phase else None,
        "movement": subject.movement.pk if subject.movement else None,
        "agency": subject.agency.pk if subject.agency else None,
        "kind": subject.kind,
        "signer_title": signer_title,
        "signer_name": signer_name,
        "filename": subject.slug(),
    }


def subject_from(params: dict) -> Subject | None:
    plan = Plan.objects.select_related("issuer__parent").filter(pk=params.get("plan")).first()
    if plan is None:
        return None
    phase = PlanPhase.objects.filter(pk=params["phase"], plan=plan).first() if params.get("phase") else None
    movement = Movement.objects.select_related("lead_agency__parent").filter(pk=params.get("movement")).first()
    agency = Agency.objects.select_related("parent").filter(pk=params.get("agency")).first()
    return Subject(plan, phase, movement, agency, params.get("kind") or default_kind(phase))


def start_report_job(subject: Subject, *, actor, signer_title: str = "", signer_name: str = "") -> ReportJob:
    """Create the job and queue its task after commit (eager without a broker). Writes one ReportJob row."""
    from ..tasks import build_report_task

    job = ReportJob.objects.create(
        params=params_for(subject, signer_title=signer_title, signer_name=signer_name),
        title=build_title(subject),
        requested_by=actor if actor is not None and actor.is_authenticated else None,
    )
    build_report_task.delay_on_commit(job_id=job.pk)
    return job


def build_title(subject: Subject) -> str:
    from .context import report_title

    return report_title(subject)[1][:500]


def _stamp(job: ReportJob, progress: int, **fields) -> None:
    ReportJob.objects.filter(pk=job.pk).update(progress=progress, **fields)


def build_report(job: ReportJob) -> ReportJob:
    """Build the DOCX, the PDF and the xlsx annex of `job`, stamping its progress. Safe to run twice: a finished
    job is left as it is. Side effects: three private files, the job row (state, progress, finish time, error)."""
    if job.state == ReportJob.State.DONE:
        return job
    _stamp(job, 5, state=ReportJob.State.RUNNING, error="")
    try:
        subject = subject_from(job.params)
        if subject is None:
            raise ValueError(_("Kế hoạch của báo cáo không còn."))
        ctx = build_context(
            subject,
            signer_title=job.params.get("signer_title", ""),
            signer_name=job.params.get("signer_name", ""),
            progress=lambda p: _stamp(job, p),
        )
        for step, fmt in ((60, "docx"), (85, "pdf"), (100, "xlsx")):
            render, content_type = FORMATS[fmt]
            getattr(job, fmt).save(f"{fmt}.{fmt}", CheckedFile(render(ctx), f"{fmt}.{fmt}", content_type), save=False)
            ReportJob.objects.filter(pk=job.pk).update(**{fmt: getattr(job, fmt).name})
            _stamp(job, step if fmt != "xlsx" else 99)
    except Exception as exc:  # the page must say it failed, not spin forever (logged for Sentry and the logs)
        log.exception("report job %s failed", job.pk)
        _stamp(job, job.progress, state=ReportJob.State.FAILED, error=str(exc)[:1000], finished_at=timezone.now())
        job.refresh_from_db()
        return job
    with transaction.atomic():
        _stamp(job, 100, state=ReportJob.State.DONE, finished_at=timezone.now())
    job.refresh_from_db()
    return job
