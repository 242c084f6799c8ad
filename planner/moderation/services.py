"""Moderation: verifying organisers, suspending them, and the audit log behind it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from planner.accounts.models import Account, OrganiserStatus
from planner.core.db import begin_write
from planner.core.outbox import enqueue_mail
from planner.moderation.models import AuditEntry

AUDIT_PAGE_SIZE: Final = 50


class Decision(StrEnum):
    """What a moderator can do to an organiser."""

    APPROVE = "approve"
    DECLINE = "decline"
    SUSPEND = "suspend"
    REINSTATE = "reinstate"


TRANSITIONS: Final = {
    Decision.APPROVE: (
        {OrganiserStatus.PENDING, OrganiserStatus.DECLINED},
        OrganiserStatus.VERIFIED,
    ),
    Decision.DECLINE: ({OrganiserStatus.PENDING}, OrganiserStatus.DECLINED),
    Decision.SUSPEND: (
        {OrganiserStatus.VERIFIED, OrganiserStatus.PENDING},
        OrganiserStatus.SUSPENDED,
    ),
    Decision.REINSTATE: ({OrganiserStatus.SUSPENDED}, OrganiserStatus.VERIFIED),
}
NEEDS_REASON: Final = {Decision.DECLINE, Decision.SUSPEND}


class DecisionError(ValueError):
    """The decision doesn't fit the organiser's current state, or lacks a reason."""


def record(
    session: AsyncSession,
    *,
    actor: Account | None,
    action: str,
    subject_type: str,
    subject_id: int,
    detail: str,
    now: datetime,
) -> AuditEntry:
    """Add one audit entry in the caller's transaction."""
    entry = AuditEntry(
        actor_id=actor.id if actor else None,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        detail=detail,
        created_at=now,
    )
    session.add(entry)
    return entry


async def organisers_by_status(session: AsyncSession) -> dict[OrganiserStatus, list[Account]]:
    """Everyone who has asked to organise, pending first, oldest request first."""
    rows = await session.scalars(
        select(Account)
        .where(Account.organiser_status != OrganiserStatus.NONE)
        .order_by(Account.updated_at, Account.id)
    )
    grouped: dict[OrganiserStatus, list[Account]] = {status: [] for status in OrganiserStatus}
    for account in rows:
        grouped[account.organiser_status].append(account)
    return grouped


async def decide(
    session: AsyncSession,
    *,
    moderator: Account,
    organiser_id: int,
    decision: Decision,
    reason: str,
    now: datetime,
) -> Account | None:
    """Apply a decision, tell the organiser by email, and write it to the audit log.
    None when there is no such organiser."""
    await begin_write(session)
    organiser = await session.get(Account, organiser_id, with_for_update=True)
    if organiser is None or organiser.organiser_status is OrganiserStatus.NONE:
        return None
    allowed_from, target = TRANSITIONS[decision]
    if organiser.organiser_status not in allowed_from:
        msg = f"Can't {decision.value} an organiser who is {organiser.organiser_status.value}."
        raise DecisionError(msg)
    reason = reason.strip()
    if decision in NEEDS_REASON and not reason:
        msg = "Please give a reason; the organiser will see it."
        raise DecisionError(msg)
    previous = organiser.organiser_status
    organiser.organiser_status = target
    organiser.organiser_note = reason
    record(
        session,
        actor=moderator,
        action=f"organiser.{decision.value}",
        subject_type="account",
        subject_id=organiser.id,
        detail=f"{previous.value} → {target.value}" + (f": {reason}" if reason else ""),
        now=now,
    )
    enqueue_mail(
        session,
        to=organiser.email,
        subject=_SUBJECTS[decision],
        body=_body(decision, organiser, reason),
        now=now,
    )
    return organiser


_SUBJECTS: Final = {
    Decision.APPROVE: "Your group is verified on Stepwise",
    Decision.DECLINE: "About your request to organise on Stepwise",
    Decision.SUSPEND: "Your organiser account on Stepwise is paused",
    Decision.REINSTATE: "Your organiser account on Stepwise is active again",
}


def _body(decision: Decision, organiser: Account, reason: str) -> str:
    opening = {
        Decision.APPROVE: "Your group is verified. You can now publish gatherings.",
        Decision.DECLINE: "We're not able to verify your group at the moment.",
        Decision.SUSPEND: "Your gatherings are hidden from Stepwise while we look into something.",
        Decision.REINSTATE: "Your organiser account is active again and your gatherings are back.",
    }[decision]
    note = f"\n\nThe moderator wrote: {reason}" if reason else ""
    return f"Hello {organiser.display_name},\n\n{opening}{note}\n\nThe Stepwise moderators"


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One audit entry with the actor's name."""

    entry: AuditEntry
    actor_name: str


async def audit_page(session: AsyncSession, page: int) -> tuple[list[AuditRow], int]:
    """Newest first, :data:`AUDIT_PAGE_SIZE` a page; and the total count."""
    actor = aliased(Account)
    total = await session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    rows = await session.execute(
        select(AuditEntry, case((actor.id.is_(None), "system"), else_=actor.display_name))
        .outerjoin(actor, actor.id == AuditEntry.actor_id)
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .limit(AUDIT_PAGE_SIZE)
        .offset((page - 1) * AUDIT_PAGE_SIZE)
    )
    return [AuditRow(entry, str(name)) for entry, name in rows.all()], total
