"""Changes to the exemplars domain, by subject: nominations (the workflow), exemplars and honours, exchanges,
award types.

Views, admin actions, commands and tasks call these; `from exemplars import services; services.submit_nomination(...)`.
"""

from .awards import seed_awards
from .events import publish_exchange, unpublish_exchange
from .exemplars import publish_exemplar, revoke_honour, unpublish_exemplar
from .initiatives import add_initiative_file, link_initiatives, save_initiative
from .lifecycle import (
    add_follow_up,
    answer_verification_link,
    close_proposal,
    lifecycle_counts,
    mark_duplicate,
    proposal_for_token,
    record_replication,
    save_nurturing_plan,
    send_for_verification,
    submit_proposal,
    verify_proposal,
)
from .nominations import (
    Decision,
    NotAllowed,
    State,
    WorkflowError,
    add_attachment,
    approve_nomination,
    check_approval,
    check_nomination_move,
    correct_nomination,
    create_nomination,
    reject_nomination,
    remove_attachment,
    resubmit_nomination,
    return_for_completion,
    submit_nomination,
    take_into_review,
    transition,
    update_nomination,
)
from .registration import register_title, remove_entry

__all__ = [
    "add_follow_up",
    "answer_verification_link",
    "close_proposal",
    "lifecycle_counts",
    "mark_duplicate",
    "proposal_for_token",
    "record_replication",
    "save_nurturing_plan",
    "send_for_verification",
    "submit_proposal",
    "verify_proposal",
    "Decision",
    "NotAllowed",
    "State",
    "WorkflowError",
    "add_attachment",
    "add_initiative_file",
    "approve_nomination",
    "check_approval",
    "check_nomination_move",
    "correct_nomination",
    "link_initiatives",
    "create_nomination",
    "publish_exchange",
    "publish_exemplar",
    "register_title",
    "reject_nomination",
    "remove_entry",
    "remove_attachment",
    "resubmit_nomination",
    "return_for_completion",
    "revoke_honour",
    "save_initiative",
    "seed_awards",
    "submit_nomination",
    "take_into_review",
    "transition",
    "update_nomination",
    "unpublish_exchange",
    "unpublish_exemplar",
]
