"""Changes to the movements domain: seeding the plan and setting up the staff role."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .. import seed
from ..audiences import JUDGES_GROUP_NAME
from ..models import Agency, Field, Movement, Plan, PlanPhase

# Apps whose models provincial staff manage in the admin.
STAFF_APPS = ("movements", "exemplars", "contests", "tayninh_thidua", "sitelib", "django_celery_beat")
# Staff create agency and judge accounts; AccountAdmin hides superuser and permission fields from them.
ACCOUNT_PERMISSIONS = ("add_user", "change_user", "view_user", "view_group")
# Rows staff may read but never alter by hand: logs, the outbox, judges' scores and assignments and public votes
# are written by services only (their actions, such as resending a message from the outbox, are permissions of
# their own).
READ_ONLY_MODELS = {
    "nominationevent",
    "reminderlog",
    "historicalexemplar",
    "historicalnomination",
    "publicchange",
    "outgoingmail",
    "score",
    "assignment",
    "vote",
}
HAND_EDITS = ("add_", "change_", "delete_")
# The login lock (django-axes): staff read the failure counters and logs and unlock (deleting a counter unlocks).
SIGN_IN_PERMISSIONS = ("view_accessattempt", "delete_accessattempt", "view_accessfailurelog", "view_accesslog")


def ensure_staff_group() -> Group:
    """Create or refresh the group "Cán bộ thi đua – khen thưởng".

    Side effects: creates the group if missing and sets its permissions to every permission of
    the project's apps (view only for log tables) plus managing user accounts and unlocking sign-ins. Safe to
    run again.
    """
    group, _created = Group.objects.get_or_create(name=settings.STAFF_GROUP_NAME)
    installed = {cfg.label for cfg in apps.get_app_configs()}
    perms = Permission.objects.filter(content_type__app_label__in=[a for a in STAFF_APPS if a in installed])
    allowed = [
        p for p in perms if p.content_type.model not in READ_ONLY_MODELS or not p.codename.startswith(HAND_EDITS)
    ]
    allowed += Permission.objects.filter(content_type__app_label="auth", codename__in=ACCOUNT_PERMISSIONS)
    allowed += Permission.objects.filter(content_type__app_label="axes", codename__in=SIGN_IN_PERMISSIONS)
    group.permissions.set(allowed)
    return group


def ensure_judges_group() -> Group:
    """Create the group "Giám khảo" (contest judges) if missing. It carries no permissions: membership alone
    opens the judges' pages. Created with the staff group so that staff can put an intended judge in it before
    the first assignment. Safe to run again."""
    group, _created = Group.objects.get_or_create(name=JUDGES_GROUP_NAME)
    return group


def _get_or_create(model, lookup: dict, defaults: dict, counts: Counter):
    obj, created = model.objects.get_or_create(**lookup, defaults=defaults)
    counts[f"{model._meta.model_name}.{'created' if created else 'kept'}"] += 1
    return obj


@transaction.atomic
def seed_plan() -> Counter:
    """Load the 2021–2025 plan (seed.py): agencies, plan, phases, fields, movements, campaign.

    Idempotent: rows are found by their natural key and created only when missing; rows that
    exist are left exactly as staff edited them. Returns counts of created and kept rows.
    """
    counts: Counter = Counter()
    agencies: dict[str, Agency] = {}
    for name, short, kind in seed.AGENCIES:
        agencies[name] = _get_or_create(Agency, {"name": name}, {"short_name": short, "kind": kind}, counts)
    for old, new, short, kind, day in seed.SUCCESSORS:
        successor = agencies.get(new) or _get_or_create(
            Agency,
            {"name": new},
            {"short_name": short, "kind": kind, "active_from": day, "notes": seed.MERGER_2025},
            counts,
        )
        agencies[new] = successor
        predecessor = agencies[old]
        if predecessor.successor_id is None and predecessor.active_until is None:
            predecessor.successor = successor
            predecessor.active_until = day - dt.timedelta(days=1)
            predecessor.notes = predecessor.notes or seed.MERGER_2025
            predecessor.save(update_fields=["successor", "active_until", "notes", "updated_at"])

    plan_data = dict(seed.PLAN, issuer=agencies[seed.PLAN["issuer"]])
    plan = _get_or_create(Plan, {"code": plan_data.pop("code")}, plan_data, counts)
    phases = [
        _get_or_create(
            PlanPhase,
            {"plan": plan, "name": name},
            {
                "start_date": start,
                "end_date": end,
                "preliminary_review_date": prelim,
                "final_review_date": final,
                "dates_inferred": True,
            },
            counts,
        )
        for name, start, end, prelim, final in seed.PHASES
    ]
    fields = {
        name: _get_or_create(Field, {"name": name}, {"named_in_plan": in_plan, "position": i}, counts)
        for i, (name, in_plan) in enumerate(seed.FIELDS)
    }

    campaign_name, campaign_slug, campaign_field, campaign_lead = seed.CAMPAIGN_ROW
    campaign = _seed_movement(
        counts,
        phases,
        name=campaign_name,
        slug=campaign_slug,
        kind=Movement.Kind.CAMPAIGN,
        field=fields[campaign_field],
        lead=agencies[campaign_lead],
        position=100,
    )
    for position, (name, slug, field, lead, coordinating, linked) in enumerate(seed.MOVEMENTS, start=1):
        movement = _seed_movement(
            counts,
            phases,
            name=name,
            slug=slug,
            kind=Movement.Kind.MOVEMENT,
            field=fields[field],
            lead=agencies[lead],
            position=position,
            linked_campaign=campaign if linked else None,
        )
        if counts[f"movement.{slug}.created"]:
            movement.coordinating_agencies.set([agencies[a] for a in coordinating])
    ensure_staff_group()
    ensure_judges_group()
    return counts


def _seed_movement(
    counts: Counter,
    phases: list[PlanPhase],
    *,
    name: str,
    slug: str,
    kind: str,
    field: Field,
    lead: Agency,
    position: int,
    linked_campaign: Movement | None = None,
) -> Movement:
    movement, created = Movement.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "kind": kind,
            "field": field,
            "lead_agency": lead,
            "lead_confirmed": slug in seed.LEADS_STATED_IN_PLAN,
            "lead_note": "" if slug in seed.LEADS_STATED_IN_PLAN else seed.INFERRED_LEAD,
            "linked_campaign": linked_campaign,
            "position": position,
            "is_published": True,
        },
    )
    counts[f"movement.{'created' if created else 'kept'}"] += 1
    if created:
        counts[f"movement.{slug}.created"] = 1
        movement.phases.set(phases)
    return movement
