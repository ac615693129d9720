"""Which nominations a user may see: scoped lookups that answer 404 for another agency's dossier."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from movements.access import user_agency
from movements.audiences import is_reviewer
from tayninh_thidua.lib.access import has_staff_permission

from .models import Exemplar, Initiative, Nomination, Proposal, Replication


def get_nomination_for_user(request: HttpRequest, pk: int):
    """The request agency's nomination `pk`, or 404 (another agency's dossier does not exist for you)."""
    return get_object_or_404(Nomination.objects.for_agency(request.agency).with_relations(), pk=pk)


def nominations_visible_to(user):
    """All dossiers for provincial reviewers, the own agency's for its members, none otherwise."""
    if is_reviewer(user) or has_staff_permission(user, "exemplars.view_nomination"):
        return Nomination.objects.all()
    agency = user_agency(user)
    return Nomination.objects.for_agency(agency) if agency else Nomination.objects.none()


# --- the exemplar's life: proposals, nurturing, replications ----------------------------------------
def get_proposal_for_user(request: HttpRequest, pk: int) -> Proposal:
    """A proposal the request's agency was asked to verify or made, or 404."""
    return get_object_or_404(Proposal.objects.for_agency(request.agency).with_relations(), pk=pk)


def get_exemplar_for_agency(request: HttpRequest, pk: int) -> Exemplar:
    """One of the request agency's own exemplars (it keeps their nurturing plan), or 404."""
    return get_object_or_404(Exemplar.objects.for_agency(request.agency).select_related("agency"), pk=pk)


def proposals_visible_to(user):
    """All proposals for staff who may view them, the own agency's for its members, none otherwise."""
    if is_reviewer(user) or has_staff_permission(user, "exemplars.view_proposal"):
        return Proposal.objects.all()
    agency = user_agency(user)
    return Proposal.objects.for_agency(agency) if agency else Proposal.objects.none()


def replications_visible_to(user):
    """All records for staff who may view them, the own agency's for its members, none otherwise."""
    if is_reviewer(user) or has_staff_permission(user, "exemplars.view_replication"):
        return Replication.objects.all()
    agency = user_agency(user)
    return Replication.objects.for_agency(agency) if agency else Replication.objects.none()


def get_initiative_for_user(request: HttpRequest, pk: int):
    """The request agency's initiative `pk` (its predecessors' too), or 404."""
    return get_object_or_404(Initiative.objects.for_agency(request.agency).with_relations(), pk=pk)


def initiatives_visible_to(user):
    """All initiatives for provincial staff who may read them, the own agency's (and its predecessors') for its
    members, none otherwise: the door of their private files."""
    if is_reviewer(user) or has_staff_permission(user, "exemplars.view_initiative"):
        return Initiative.objects.all()
    agency = user_agency(user)
    return Initiative.objects.for_agency(agency) if agency else Initiative.objects.none()
