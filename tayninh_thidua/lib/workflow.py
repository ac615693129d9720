"""The workflow kit: what every workflow of the portal (nominations, review reports, contests) shares.

- `WorkflowState`: a workflow's states as `TextChoices` that carry their metadata. After the class, `define()`
  lists the moves (`Move`: from which states, to which, who makes it, whether a reason is required, whether
  it notifies, the button's label and style) and each state's badge. `State.move(a, b)`, `state.badge`,
  `State.editable` answer from that data; nothing else in the code knows the graph.
- `NotAllowedNow` / `NotAllowedForYou`: the one pair of exceptions a service raises when a move is refused
  (the rules forbid it in this state, or this actor may not make it). Views and admin actions show their text.
- `StateLog`: the abstract log row (actor, from, to, comment, time) behind every workflow's log.
- `check_move()`: the check every service function runs after locking its row; `actions_for()` what a user may
  do with an object now, so templates never compare state strings.

A service is a straight line: lock the row, `check_move`, check the domain rules, change, write the log row,
queue its mail in the outbox. Roles are names ("head", "reviewer" ...); each workflow passes a function that
says whether an actor holds a role for an object.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

RoleCheck = Callable[[object, object, str], bool]  # (actor, obj, role) -> holds the role for obj


class NotAllowedNow(ValidationError):
    """The rules forbid this move now: wrong state, a missing reason, an unmet condition."""


class NotAllowedForYou(PermissionDenied):
    """This actor's role may not make this move."""


@dataclass(frozen=True)
class Move:
    """One allowed move of a workflow: from any of `sources` to `target`, made by `role`."""

    sources: frozenset[str]
    target: str
    role: str
    name: str  # the service's verb, also the form action's name ("submit", "approve" ...)
    label: str = ""  # the button's text (lazy translated)
    reason_required: bool = False
    notify: bool = False
    style: str = "primary"  # Bootstrap button style: primary, secondary, danger ...


class WorkflowState(models.TextChoices):
    """Base of a workflow's states. Subclasses declare members, then call `define()` once."""

    @classmethod
    def define(
        cls, *, moves: Iterable[Move], badges: dict[str, str], editable: Iterable[str] = (), final: Iterable[str] = ()
    ) -> None:
        # Enum members cannot be reassigned, but other class attributes can: the metadata lives beside them.
        type.__setattr__(cls, "_moves", tuple(moves))
        type.__setattr__(cls, "_badges", dict(badges))
        type.__setattr__(cls, "_editable", frozenset(editable))
        type.__setattr__(cls, "_final", frozenset(final))

    @classmethod
    def moves(cls) -> tuple[Move, ...]:
        return cls._moves

    @classmethod
    def move(cls, source: str, target: str) -> Move | None:
        """The move from `source` to `target`, or None when the graph has none."""
        return next((m for m in cls._moves if m.target == target and source in m.sources), None)

    @classmethod
    def moves_from(cls, source: str) -> list[Move]:
        return [m for m in cls._moves if source in m.sources]

    @classmethod
    def transitions(cls) -> dict[str, frozenset[str]]:
        """from-state -> the states it may move to (for tests and documentation)."""
        return {state: frozenset(m.target for m in cls.moves_from(state)) for state in cls.values}

    @property
    def badge(self) -> str:
        """The Bootstrap badge class of this state (`text-bg-…`)."""
        return type(self)._badges.get(self.value, "text-bg-secondary")

    @property
    def is_editable(self) -> bool:
        """Its owner may still change the object's content in this state."""
        return self.value in type(self)._editable

    @property
    def is_final(self) -> bool:
        return self.value in type(self)._final


def notifying_move(states: type[WorkflowState], from_state: str, to_state: str) -> Move | None:
    """The move from `from_state` to `to_state` if it notifies someone (its `notify` flag), else None.

    Every workflow's notices ask this, so the graph alone decides which moves send mail."""
    move = states.move(from_state, to_state)
    return move if move is not None and move.notify else None


def check_move(
    states: type[WorkflowState],
    obj,
    to_state: str,
    *,
    actor,
    holds: RoleCheck,
    comment: str | None = "",
    noun: str = "",
) -> Move:
    """The check every workflow service runs on its locked row. Returns the move; raises and changes nothing
    when the graph has no such move from the object's state (NotAllowedNow), the actor does not hold the
    move's role (NotAllowedForYou), or a reason is required and missing (NotAllowedNow).

    `comment=None`: the reason is not asked yet (a page checks the move before the user types it)."""
    current = states(obj.state)
    move = states.move(current, to_state)
    if move is None:
        raise NotAllowedNow(
            _("Không thể chuyển %(noun)s từ “%(src)s” sang “%(dst)s”.")
            % {"noun": noun or _("hồ sơ"), "src": current.label, "dst": states(to_state).label},
            code="bad_transition",
        )
    if not holds(actor, obj, move.role):
        raise NotAllowedForYou(_("Bạn không có quyền thực hiện thao tác này."))
    if move.reason_required and comment is not None and not comment.strip():
        raise NotAllowedNow(_("Vui lòng ghi rõ lý do."), code="reason_required")
    return move


def actions_for(states: type[WorkflowState], obj, user, *, holds: RoleCheck) -> list[Move]:
    """The moves `user` may make on `obj` now, in the order they were defined."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return [m for m in states.moves_from(obj.state) if holds(user, obj, m.role)]


class StateLog(models.Model):
    """One row per move or notable change of a workflow object: who, when, from, to, and why.

    Concrete logs add the object they log (a ForeignKey) and may narrow `from_state`/`to_state` with choices.
    Written only by services; read-only everywhere else.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("người thực hiện"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_state = models.CharField(gettext_lazy("từ"), max_length=80, blank=True)
    to_state = models.CharField(gettext_lazy("sang"), max_length=80, blank=True)
    comment = models.TextField(gettext_lazy("ghi chú"), blank=True)
    at = models.DateTimeField(gettext_lazy("lúc"), auto_now_add=True, db_index=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    @classmethod
    def record(cls, *, actor=None, from_state: str = "", to_state: str = "", comment: str = "", **subject):
        """Write one row; an anonymous actor (a public form) is stored as no one."""
        if actor is not None and not getattr(actor, "is_authenticated", False):
            actor = None
        return cls.objects.create(
            actor=actor,
            from_state=str(from_state or "")[:80],
            to_state=str(to_state or "")[:80],
            comment=comment or "",
            **subject,
        )
