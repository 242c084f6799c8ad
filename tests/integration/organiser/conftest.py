"""People in every role the organiser tools must tell apart, each able to sign in."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncSession

from planner.accounts.models import Account, OrganiserStatus, Role
from planner.accounts.passwords import hash_password
from planner.core.clock import FixedClock
from tests.factories import make_organiser
from tests.web import submit

Client = AsyncTestClient[Litestar]
PASSWORD = "a calm walk by the river"


@cache
def password_hash() -> str:
    """Argon2 is slow on purpose; seven people a test share one hash."""
    return hash_password(PASSWORD)


@dataclass(frozen=True, slots=True)
class Cast:
    """One account per role."""

    member: Account
    pending: Account
    verified: Account
    suspended: Account
    other: Account
    moderator: Account
    admin: Account


async def make_person(
    session: AsyncSession,
    email: str,
    clock: FixedClock,
    *,
    role: Role = Role.MEMBER,
    status: OrganiserStatus = OrganiserStatus.NONE,
) -> Account:
    """An account that can sign in with PASSWORD."""
    return await make_organiser(
        session,
        email=email,
        display_name=email.split("@", maxsplit=1)[0].title(),
        role=role,
        organiser_status=status,
        password_hash=password_hash(),
        email_verified_at=clock.now(),
    )


@pytest.fixture
async def cast(session: AsyncSession, clock: FixedClock) -> Cast:
    """A member, organisers in every state, another organiser, a moderator and an admin."""
    people = Cast(
        member=await make_person(session, "member@example.org", clock),
        pending=await make_person(
            session,
            "pending@example.org",
            clock,
            role=Role.ORGANISER,
            status=OrganiserStatus.PENDING,
        ),
        verified=await make_person(
            session, "host@example.org", clock, role=Role.ORGANISER, status=OrganiserStatus.VERIFIED
        ),
        suspended=await make_person(
            session,
            "paused@example.org",
            clock,
            role=Role.ORGANISER,
            status=OrganiserStatus.SUSPENDED,
        ),
        other=await make_person(
            session,
            "other@example.org",
            clock,
            role=Role.ORGANISER,
            status=OrganiserStatus.VERIFIED,
        ),
        moderator=await make_person(session, "mod@example.org", clock, role=Role.MODERATOR),
        admin=await make_person(session, "admin@example.org", clock, role=Role.ADMIN),
    )
    await session.commit()
    return people


async def sign_in(client: Client, email: str) -> None:
    """Sign in through the real form."""
    response = await submit(client, "/auth/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 303, response.text
