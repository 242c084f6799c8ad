"""Organisers ask to be verified; moderators decide; every decision is audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from planner.accounts.models import Account, OrganiserStatus, Role
from planner.accounts.passwords import hash_password
from planner.core.clock import FixedClock
from planner.moderation.models import AuditEntry
from tests.factories import make_event, make_organiser
from tests.html import one, parse, text_of, texts
from tests.web import HTML, outbox, submit

Client = AsyncTestClient[Litestar]
PASSWORD = "a calm walk by the river"


async def make_person(
    session: AsyncSession,
    email: str,
    *,
    role: Role = Role.MEMBER,
    status: OrganiserStatus = OrganiserStatus.NONE,
    clock: FixedClock,
) -> Account:
    account = await make_organiser(
        session,
        email=email,
        display_name=email.split("@", maxsplit=1)[0].title(),
        role=role,
        organiser_status=status,
        password_hash=hash_password(PASSWORD),
        email_verified_at=clock.now(),
    )
    await session.commit()
    return account


async def reload(session: AsyncSession, account: Account) -> None:
    """See what the app committed: end our snapshot, then read the row again."""
    await session.commit()
    await session.refresh(account)


async def sign_in_as(client: Client, email: str) -> None:
    response = await submit(client, "/auth/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 303


async def test_request_then_approve_with_email_and_audit(
    client: Client, session: AsyncSession, clean_database: AsyncEngine, clock: FixedClock
) -> None:
    await make_person(session, "host@example.org", clock=clock)
    await make_person(session, "mod@example.org", role=Role.MODERATOR, clock=clock)

    await sign_in_as(client, "host@example.org")
    incomplete = await submit(
        client, "/me/organiser", {"group_name": "Quiet Crafters", "group_about": "", "contact": ""}
    )
    assert incomplete.status_code == 422
    soup = parse(incomplete.text)
    assert one(soup, "input#group_name")["value"] == "Quiet Crafters"
    assert soup.select("#group_about-error")
    assert soup.select("#contact-error")
    sent = await submit(
        client,
        "/me/organiser",
        {
            "group_name": "Quiet Crafters",
            "group_about": "Crafting for quiet people.",
            "contact": "https://crafters.example.org",
        },
    )
    assert sent.headers["location"] == "/me?changed=organiser"
    me = parse((await client.get("/me", headers=HTML)).text)
    assert "Waiting for a moderator" in text_of(one(me, ".facts"))

    await submit(client, "/auth/logout", {}, page="/me")
    await sign_in_as(client, "mod@example.org")
    queue = parse((await client.get("/moderation/organisers", headers=HTML)).text)
    assert texts(queue, "section[aria-labelledby=heading-pending] .card__title") == [
        "Quiet Crafters"
    ]
    host = await session.scalar(select(Account).where(Account.email == "host@example.org"))
    assert host is not None
    approved = await submit(
        client,
        f"/moderation/organisers/{host.id}/decision",
        {"decision": "approve", "reason": ""},
        page="/moderation/organisers",
    )
    assert approved.status_code == 303

    await reload(session, host)
    assert host.organiser_status is OrganiserStatus.VERIFIED
    (mail,) = await outbox(clean_database, to="host@example.org")
    assert mail.subject == "Your group is verified on Stepwise"
    entries = list(await session.scalars(select(AuditEntry)))
    assert [(e.action, e.subject_id, e.detail) for e in entries] == [
        ("organiser.approve", host.id, "pending → verified")
    ]
    audit = parse((await client.get("/moderation/audit", headers=HTML)).text)
    assert texts(audit, "tbody td")[1:4] == ["Mod", "organiser.approve", f"account #{host.id}"]


async def test_decline_and_suspend_need_a_reason(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    pending = await make_person(
        session,
        "host@example.org",
        role=Role.ORGANISER,
        status=OrganiserStatus.PENDING,
        clock=clock,
    )
    await make_person(session, "mod@example.org", role=Role.MODERATOR, clock=clock)
    await sign_in_as(client, "mod@example.org")

    refused = await submit(
        client,
        f"/moderation/organisers/{pending.id}/decision",
        {"decision": "decline", "reason": " "},
        page="/moderation/organisers",
    )
    assert refused.status_code == 422
    assert "Please give a reason" in text_of(
        one(parse(refused.text), f"#decision-error-{pending.id}")
    )
    await reload(session, pending)
    assert pending.organiser_status is OrganiserStatus.PENDING

    declined = await submit(
        client,
        f"/moderation/organisers/{pending.id}/decision",
        {"decision": "decline", "reason": "We couldn't reach you."},
        page="/moderation/organisers",
    )
    assert declined.status_code == 303
    await reload(session, pending)
    assert (pending.organiser_status, pending.organiser_note) == (
        OrganiserStatus.DECLINED,
        "We couldn't reach you.",
    )


async def test_suspension_hides_events_at_once(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    host = await make_person(
        session,
        "host@example.org",
        role=Role.ORGANISER,
        status=OrganiserStatus.VERIFIED,
        clock=clock,
    )
    await make_event(
        session,
        organiser=host,
        slug="walk",
        title="Walk",
        starts_at=clock.now() + timedelta(days=1),
    )
    await make_person(session, "admin@example.org", role=Role.ADMIN, clock=clock)
    await session.commit()
    assert (await client.get("/events/walk", headers=HTML)).status_code == 200

    await sign_in_as(client, "admin@example.org")
    response = await submit(
        client,
        f"/moderation/organisers/{host.id}/decision",
        {"decision": "suspend", "reason": "Reports about this group."},
        page="/moderation/organisers",
    )
    assert response.status_code == 303
    assert (await client.get("/events/walk", headers=HTML)).status_code == 404
    listing = parse((await client.get("/events", headers=HTML)).text)
    assert not listing.select("#results .card")


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, 303),
        ((Role.MEMBER, OrganiserStatus.NONE), 403),
        ((Role.ORGANISER, OrganiserStatus.PENDING), 403),
        ((Role.ORGANISER, OrganiserStatus.VERIFIED), 403),
        ((Role.ORGANISER, OrganiserStatus.SUSPENDED), 403),
        ((Role.MODERATOR, OrganiserStatus.NONE), 200),
        ((Role.ADMIN, OrganiserStatus.NONE), 200),
    ],
)
async def test_moderation_permission_matrix(
    client: Client,
    session: AsyncSession,
    clock: FixedClock,
    who: tuple[Role, OrganiserStatus] | None,
    expected: int,
) -> None:
    target = await make_person(
        session,
        "target@example.org",
        role=Role.ORGANISER,
        status=OrganiserStatus.PENDING,
        clock=clock,
    )
    if who is not None:
        await make_person(session, "me@example.org", role=who[0], status=who[1], clock=clock)
        await sign_in_as(client, "me@example.org")
    for path in ("/moderation/organisers", "/moderation/audit"):
        response = await client.get(path, headers=HTML, follow_redirects=False)
        assert response.status_code == expected, path
    if who is not None and expected == 403:
        attempt = await submit(
            client,
            f"/moderation/organisers/{target.id}/decision",
            {"decision": "approve"},
            page="/me",
        )
        assert attempt.status_code == 403
        await reload(session, target)
        assert target.organiser_status is OrganiserStatus.PENDING
