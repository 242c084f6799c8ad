"""Saying yes through the event page, and managing it through the private link."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from planner.core.clock import FixedClock
from planner.core.db import create_session_maker
from planner.events.models import EventStatus
from planner.rsvps.models import Rsvp, RsvpStatus
from tests.factories import make_event
from tests.html import one, parse, text_of, texts
from tests.integration.rsvps.helpers import Client, assert_places_consistent, say_yes, state

PRESSURE = re.compile(r"only \d|\d+ (places?|spots?|seats?) left|hurry|last chance", re.IGNORECASE)
KIND_WORDS = "That's okay. Taking a pause is part of the process."


async def test_guest_says_yes_and_sees_the_private_page(
    client: Client, session: AsyncSession, clock: FixedClock, clean_database: AsyncEngine
) -> None:
    event = await make_event(session, slug="tea", starts_at=clock.now() + timedelta(days=3))
    await session.commit()

    page = parse((await client.get("/events/tea")).text)
    form = one(page, "form[action='/events/tea/rsvps']")
    assert form["method"] == "post"
    assert one(form, "#rsvp-pseudonym")["name"] == "pseudonym"
    assert one(page, "label[for='rsvp-may_leave_early']")
    assert text_of(one(form, "button[type=submit]")) == "Say yes"

    token, location = await say_yes(
        client, "tea", pseudonym="Sam", access_needs="A chair near the door", may_leave_early="on"
    )
    assert location.endswith("?done=confirmed")
    response = await client.get(location)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    soup = parse(response.text)
    status = one(soup, "#rsvp-status")
    assert status["role"] == "status"
    assert "You have a place" in text_of(status)
    assert text_of(one(soup, "#key-title")) == "Keep this link, it is your key"
    assert text_of(one(soup, ".key .link-box code")) == f"http://testserver.local/rsvps/{token}"
    assert one(soup, "#details-access_needs").get_text() == "A chair near the door"
    _, rsvps = await state(clean_database, event.id)
    assert [(r.pseudonym, r.status, r.may_leave_early) for r in rsvps] == [
        ("Sam", RsvpStatus.CONFIRMED, True)
    ]
    assert len(rsvps[0].manage_token_hash) == 64
    assert token not in rsvps[0].manage_token_hash
    await assert_places_consistent(clean_database, event.id)


async def test_mistakes_come_back_beside_each_field_with_input_kept(
    client: Client, session: AsyncSession, clock: FixedClock, clean_database: AsyncEngine
) -> None:
    event = await make_event(session, slug="tea", starts_at=clock.now() + timedelta(days=3))
    await session.commit()

    response = await client.post(
        "/events/tea/rsvps",
        data={"pseudonym": "  ", "email": "not-an-email", "access_needs": "Step-free, please"},
    )
    assert response.status_code == 422
    soup = parse(response.text)
    pseudonym = one(soup, "#rsvp-pseudonym")
    assert pseudonym["aria-invalid"] == "true"
    assert "rsvp-pseudonym-error" in pseudonym["aria-describedby"]
    assert "Any name you like is fine" in text_of(one(soup, "#rsvp-pseudonym-error"))
    assert one(soup, "#rsvp-email")["value"] == "not-an-email"
    assert "email address" in text_of(one(soup, "#rsvp-email-error"))
    assert one(soup, "#rsvp-access_needs").get_text() == "Step-free, please"
    assert [a["href"] for a in soup.select(".error-summary a")] == [
        "#rsvp-pseudonym",
        "#rsvp-email",
    ]
    _, rsvps = await state(clean_database, event.id)
    assert rsvps == []


async def test_a_full_gathering_offers_a_calm_waitlist(
    client: Client, session: AsyncSession, clock: FixedClock, clean_database: AsyncEngine
) -> None:
    event = await make_event(
        session, slug="tea", capacity=2, starts_at=clock.now() + timedelta(days=3)
    )
    await session.commit()
    await say_yes(client, "tea", pseudonym="Ash", ally_name="Bo")

    soup = parse((await client.get("/events/tea")).text)
    assert text_of(one(soup, "#rsvp-title")) == "Join the waitlist"
    assert "we'll let you know if a place opens" in text_of(one(soup, "#rsvp"))
    assert "Every place is taken just now" in text_of(one(soup, ".facts"))
    assert not PRESSURE.search(text_of(one(soup, "main")))

    _token, location = await say_yes(client, "tea", pseudonym="Cal")
    assert location.endswith("?done=waitlisted")
    page = parse((await client.get(location)).text)
    assert "We'll let you know if a place opens" in text_of(one(page, "#rsvp-status"))
    assert "You're on the waitlist." in text_of(one(page, ".standing"))
    assert text_of(one(page, ".step-back button")) == "Leave the waitlist"
    _, rsvps = await state(clean_database, event.id)
    assert [(r.pseudonym, r.status, r.waitlist_position) for r in rsvps] == [
        ("Ash", RsvpStatus.CONFIRMED, None),
        ("Cal", RsvpStatus.WAITLISTED, 1),
    ]


async def test_replies_close_when_the_gathering_starts(
    client: Client, session: AsyncSession, clock: FixedClock, clean_database: AsyncEngine
) -> None:
    event = await make_event(session, slug="tea", starts_at=clock.now() + timedelta(hours=1))
    await session.commit()
    token, _ = await say_yes(client, "tea", pseudonym="Early")
    await client.post(f"/rsvps/{token}/cancel")

    clock.advance(timedelta(hours=1))
    soup = parse((await client.get("/events/tea")).text)
    assert "already started" in text_of(one(soup, "#rsvp"))
    assert soup.select("form[action='/events/tea/rsvps']") == []

    response = await client.post("/events/tea/rsvps", data={"pseudonym": "Late"})
    assert response.status_code == 409
    assert "already started, so replies are closed" in text_of(one(parse(response.text), "#rsvp"))
    # A cancelled reply can't be renewed either.
    response = await client.post(f"/rsvps/{token}/renew")
    assert response.status_code == 409
    _, rsvps = await state(clean_database, event.id)
    assert [(r.pseudonym, r.status) for r in rsvps] == [("Early", RsvpStatus.CANCELLED)]


async def test_drafts_and_unknown_gatherings_take_no_replies(
    client: Client, session: AsyncSession, clock: FixedClock, clean_database: AsyncEngine
) -> None:
    await make_event(
        session, slug="draft", status=EventStatus.DRAFT, starts_at=clock.now() + timedelta(days=1)
    )
    await session.commit()
    for slug in ("draft", "nothing-here"):
        response = await client.post(f"/events/{slug}/rsvps", data={"pseudonym": "Sam"})
        assert response.status_code == 404
    async with create_session_maker(clean_database)() as check:
        assert await check.scalar(select(func.count()).select_from(Rsvp)) == 0


async def test_cancelling_is_one_kind_click_and_can_be_renewed(
    client: Client, session: AsyncSession, clock: FixedClock, clean_database: AsyncEngine
) -> None:
    event = await make_event(
        session, slug="tea", capacity=1, starts_at=clock.now() + timedelta(days=3)
    )
    await session.commit()
    token, _ = await say_yes(client, "tea", pseudonym="Sam")

    page = parse((await client.get(f"/rsvps/{token}")).text)
    cancel = one(page, f"form[action='/rsvps/{token}/cancel']")
    assert KIND_WORDS in text_of(cancel)
    assert cancel.select("input:not([type=hidden]), textarea, select") == []  # no reason asked
    response = await client.post(f"/rsvps/{token}/cancel", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/rsvps/{token}?done=cancelled"
    page = parse((await client.get(response.headers["location"])).text)
    assert KIND_WORDS in text_of(one(page, "#rsvp-status"))
    assert "You've stepped back" in text_of(one(page, ".standing"))
    assert (await assert_places_consistent(clean_database, event.id)).places_taken == 0

    # Someone else takes the only place; renewing now joins the waitlist.
    other, _ = await say_yes(client, "tea", pseudonym="Kit")
    page = parse((await client.get(f"/rsvps/{token}")).text)
    assert text_of(one(page, f"form[action='/rsvps/{token}/renew'] button")) == "Join the waitlist"
    await client.post(f"/rsvps/{token}/renew")
    _, rsvps = await state(clean_database, event.id)
    assert [(r.pseudonym, r.status) for r in rsvps] == [
        ("Sam", RsvpStatus.WAITLISTED),
        ("Kit", RsvpStatus.CONFIRMED),
    ]
    # Kit steps back: Sam, first on the waitlist, is confirmed at once.
    await client.post(f"/rsvps/{other}/cancel")
    _, rsvps = await state(clean_database, event.id)
    assert [(r.pseudonym, r.status) for r in rsvps] == [
        ("Sam", RsvpStatus.CONFIRMED),
        ("Kit", RsvpStatus.CANCELLED),
    ]
    # And Kit renews while... no places remain: the waitlist again.
    await client.post(f"/rsvps/{other}/renew")
    await client.post(f"/rsvps/{token}/cancel")
    _, rsvps = await state(clean_database, event.id)
    assert [(r.pseudonym, r.status) for r in rsvps] == [
        ("Sam", RsvpStatus.CANCELLED),
        ("Kit", RsvpStatus.CONFIRMED),
    ]
    await client.post(f"/rsvps/{token}/renew")
    assert (await assert_places_consistent(clean_database, event.id)).places_taken == 1


async def test_details_can_be_changed_and_mistakes_are_shown(
    client: Client, session: AsyncSession, clock: FixedClock, clean_database: AsyncEngine
) -> None:
    event = await make_event(session, slug="tea", starts_at=clock.now() + timedelta(days=3))
    await session.commit()
    token, _ = await say_yes(client, "tea", pseudonym="Sam", email="sam@example.org")

    response = await client.post(
        f"/rsvps/{token}/details",
        data={"pseudonym": "", "email": "sam@example.org", "access_needs": "Quiet corner"},
    )
    assert response.status_code == 422
    assert response.headers["cache-control"] == "no-store"
    soup = parse(response.text)
    assert one(soup, "#details-pseudonym")["aria-invalid"] == "true"
    assert one(soup, "#details-access_needs").get_text() == "Quiet corner"

    response = await client.post(
        f"/rsvps/{token}/details",
        data={"pseudonym": "Sam R", "email": "", "access_needs": "Quiet corner"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    _, rsvps = await state(clean_database, event.id)
    assert (rsvps[0].pseudonym, rsvps[0].contact_email, rsvps[0].access_needs) == (
        "Sam R",
        None,
        "Quiet corner",
    )
    assert rsvps[0].may_leave_early is False


async def test_every_manage_page_form_posts_somewhere_real(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    await make_event(session, slug="tea", starts_at=clock.now() + timedelta(days=3))
    await session.commit()
    token, _ = await say_yes(client, "tea", pseudonym="Sam", ally_name="Robin")
    soup = parse((await client.get(f"/rsvps/{token}")).text)
    actions = {form["action"] for form in soup.select("main form")}
    assert actions == {
        f"/rsvps/{token}/{path}"
        for path in (
            "cancel",
            "email-link",
            "ally/plan",
            "ally/withdraw",
            "safety-plan",
            "details",
            "calendar",
            "feed",
        )
    }
    assert all(form["method"] == "post" for form in soup.select("main form"))
    # Every input has a label.
    for field in soup.select("main input:not([type=hidden]), main textarea"):
        assert soup.select(f"label[for='{field['id']}']"), field
    assert texts(soup, "main h2")[:2] == ["Where you stand", "Keep this link, it is your key"]
