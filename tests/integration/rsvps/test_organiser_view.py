"""What the organiser sees: counts, pseudonyms, access needs and "may leave early";
never an email, a safety plan or an ally's name; and only for their own gatherings."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from planner.accounts.models import Account, OrganiserStatus, Role
from planner.accounts.passwords import hash_password
from planner.core.clock import FixedClock
from tests.factories import make_event, make_organiser
from tests.html import one, parse, text_of, texts
from tests.integration.rsvps.helpers import Client, say_yes, state
from tests.web import submit

PASSWORD = "a calm walk by the river"
PRIVATE = (
    "sam@example.org",
    "Robin",
    "robin@example.org",
    "Crowds and sirens",
    "Taxi from the rank",
)


async def person(
    session: AsyncSession, email: str, clock: FixedClock, **overrides: object
) -> Account:
    values: dict[str, object] = {
        "email": email,
        "display_name": email.split("@", maxsplit=1)[0].title(),
        "password_hash": hash_password(PASSWORD),
        "email_verified_at": clock.now(),
    }
    values.update(overrides)
    account = await make_organiser(session, **values)
    await session.commit()
    return account


async def sign_in(client: Client, email: str) -> None:
    response = await submit(client, "/auth/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 303


async def test_organiser_sees_counts_pseudonyms_and_needs_and_nothing_private(
    client: Client, session: AsyncSession, clock: FixedClock, clean_database: AsyncEngine
) -> None:
    host = await person(session, "host@example.org", clock)
    event = await make_event(
        session, organiser=host, slug="tea", capacity=4, starts_at=clock.now() + timedelta(days=2)
    )
    await session.commit()
    sam, _ = await say_yes(
        client,
        "tea",
        pseudonym="Sam",
        email="sam@example.org",
        access_needs="A chair near the door",
        may_leave_early="on",
        ally_name="Robin",
        ally_email="robin@example.org",
    )
    await client.post(
        f"/rsvps/{sam}/safety-plan",
        data={"triggers": "Crowds and sirens", "exit_strategy": "Taxi from the rank"},
    )
    await say_yes(client, "tea", pseudonym="Ash", access_needs="Step-free route")
    gone, _ = await say_yes(client, "tea", pseudonym="Mo")
    await client.post(f"/rsvps/{gone}/cancel")
    await say_yes(client, "tea", pseudonym="Kit")
    await say_yes(client, "tea", pseudonym="Wren", ally_name="Lee")  # waits: needs two

    await sign_in(client, "host@example.org")
    response = await client.get(f"/organiser/events/{event.id}/attendees")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    soup = parse(response.text)
    assert text_of(one(soup, "#count-confirmed")) == "3 people"
    assert text_of(one(soup, "#count-allies")) == "1"
    assert text_of(one(soup, "#count-places")) == "4 of 4, allies included"
    assert text_of(one(soup, "#count-waitlisted")) == "1"
    assert text_of(one(soup, "#count-cancelled")) == "1"
    assert text_of(one(soup, "#count-leaving-early")) == "1"
    assert texts(soup, "#coming tbody th") == ["Ash", "Kit", "Sam + ally"]
    assert texts(soup, "#access-needs li") == [
        "Ash: Step-free route",
        "Sam: A chair near the door",
    ]
    assert texts(soup, "#waiting li") == ["Wren + ally"]
    for secret in (*PRIVATE, "Lee", sam):
        assert secret not in response.text, secret

    door = await client.get(f"/organiser/events/{event.id}/door-list")
    assert door.headers["cache-control"] == "no-store"
    door_soup = parse(door.text)
    assert texts(door_soup, "#door-names li") == ["Ash", "Kit", "Sam + ally"]
    for secret in (*PRIVATE, "A chair near the door", "Step-free route"):
        assert secret not in door.text, secret
    _, rsvps = await state(clean_database, event.id)
    assert len(rsvps) == 5


async def test_only_the_events_own_organiser_gets_in(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    host = await person(session, "host@example.org", clock)
    await person(session, "other@example.org", clock)
    await person(
        session,
        "member@example.org",
        clock,
        role=Role.MEMBER,
        organiser_status=OrganiserStatus.NONE,
    )
    event = await make_event(
        session, organiser=host, slug="tea", starts_at=clock.now() + timedelta(days=2)
    )
    await session.commit()
    await say_yes(client, "tea", pseudonym="Sam")

    anonymous = await client.get(
        f"/organiser/events/{event.id}/attendees",
        headers={"accept": "text/html"},
        follow_redirects=False,
    )
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/auth/login")

    await sign_in(client, "member@example.org")
    assert (await client.get(f"/organiser/events/{event.id}/attendees")).status_code == 403
    await client.post("/auth/logout")

    await sign_in(client, "other@example.org")
    theirs = await client.get(f"/organiser/events/{event.id}/attendees")
    missing = await client.get("/organiser/events/999999/attendees")
    assert theirs.status_code == missing.status_code == 404
    assert theirs.text == missing.text
    assert "Sam" not in theirs.text
    assert (await client.get(f"/organiser/events/{event.id}/door-list")).status_code == 404


async def test_members_get_the_same_form_prefilled_and_their_reply_is_theirs(
    client: Client, session: AsyncSession, clock: FixedClock, clean_database: AsyncEngine
) -> None:
    member = await person(
        session,
        "jo@example.org",
        clock,
        display_name="Jo",
        role=Role.MEMBER,
        organiser_status=OrganiserStatus.NONE,
    )
    event = await make_event(session, slug="tea", starts_at=clock.now() + timedelta(days=2))
    await session.commit()
    await sign_in(client, "jo@example.org")

    soup = parse((await client.get("/events/tea")).text)
    assert one(soup, "#rsvp-pseudonym")["value"] == "Jo"
    assert one(soup, "#rsvp-email")["value"] == "jo@example.org"
    await say_yes(client, "tea", pseudonym="J", email="")
    _, rsvps = await state(clean_database, event.id)
    assert [(r.pseudonym, r.contact_email, r.account_id) for r in rsvps] == [("J", None, member.id)]


async def test_forms_carry_the_csrf_token_and_posts_without_it_are_refused(
    client: Client, session: AsyncSession, clock: FixedClock, clean_database: AsyncEngine
) -> None:
    event = await make_event(session, slug="tea", starts_at=clock.now() + timedelta(days=2))
    await session.commit()
    token, _ = await say_yes(client, "tea", pseudonym="Sam", ally_name="Robin")
    manage = parse((await client.get(f"/rsvps/{token}")).text)
    ally_path = text_of(one(manage, "#ally-link code")).removeprefix("http://testserver.local")
    for soup in (
        parse((await client.get("/events/tea")).text),
        manage,
        parse((await client.get(ally_path)).text),
    ):
        forms = soup.select("main form[method=post]")
        assert forms
        for form in forms:
            assert form.select("input[name=_csrf_token]"), form.get("action")

    del client.headers["x-csrftoken"]
    refused = await client.post(f"/rsvps/{token}/cancel", headers={"accept": "text/html"})
    assert refused.status_code == 403
    _, rsvps = await state(clean_database, event.id)
    assert rsvps[0].status.value == "confirmed"
