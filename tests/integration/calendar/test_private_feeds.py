"""Private subscription feeds: a guest's (started from a manage page) and a member's
(from their account). Each shows only its owner's gatherings; a revoked or replaced
link answers 404 like one that never existed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncSession

from planner.calendar.pages import DEVICE_COOKIE
from planner.core.clock import FixedClock
from planner.core.settings import Settings
from planner.events.models import EventStatus
from tests.factories import make_event
from tests.html import one, parse
from tests.integration.calendar.helpers import another_device, triggers, vevents
from tests.integration.organiser.conftest import Cast, cast, sign_in
from tests.integration.rsvps.helpers import say_yes
from tests.web import csrf_token

__all__ = ["cast"]  # the organiser tests' cast of accounts, used here as a fixture

Client = AsyncTestClient[Litestar]
FEED_PATH = re.compile(r"http://testserver\.local(/calendar/[A-Za-z0-9_-]{43}\.ics)")


@pytest.fixture
async def client(client: Client) -> Client:
    """The test client, sending its CSRF token like htmx does."""
    client.headers["x-csrftoken"] = await csrf_token(client)
    return client


async def _feed_path(client: Client, page: str) -> str:
    match = FEED_PATH.search((await client.get(page)).text)
    assert match, "no feed link on the page"
    return match.group(1)


async def _summaries(client: Client, path: str) -> list[str]:
    response = await client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    return [str(entry["SUMMARY"]) for entry in vevents(response.text)]


async def test_a_guest_feed_grows_with_replies_made_on_the_same_device(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    for slug, title, days in (("a", "Tea", 2), ("b", "Walk", 4), ("c", "Someone else's", 3)):
        await make_event(
            session, slug=slug, title=title, starts_at=clock.now() + timedelta(days=days)
        )
    await session.commit()
    first, _ = await say_yes(client, "a", remind=["1440"])
    second, _ = await say_yes(client, "b", discreet="on")

    response = await client.post(
        f"/rsvps/{first}/feed", data={"action": "start"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert DEVICE_COOKIE in response.cookies
    feed = await _feed_path(client, f"/rsvps/{first}")
    page = parse((await client.get(f"/rsvps/{first}")).text)
    assert one(page, "a[href^='webcal://']")["href"] == "webcal://testserver.local" + feed
    entries = vevents((await client.get(feed)).text)
    assert [str(entry["SUMMARY"]) for entry in entries] == ["Tea"]
    assert triggers(entries[0]) == [timedelta(days=-1)]

    # Another reply on this device joins with one click.
    assert "Add this gathering to my feed" in (await client.get(f"/rsvps/{second}")).text
    await client.post(f"/rsvps/{second}/feed", data={"action": "join"})
    assert await _summaries(client, feed) == ["Tea", "Plans with a friend"]

    # A stranger on another device has no such button, and can't join by posting anyway.
    async with another_device(client) as other:
        stranger, _ = await say_yes(other, "c", pseudonym="Stranger")
        assert "Add this gathering to my feed" not in (await other.get(f"/rsvps/{stranger}")).text
        other.cookies.set(DEVICE_COOKIE, "1.forged-signature", path="/rsvps")
        await other.post(f"/rsvps/{stranger}/feed", data={"action": "join"})
    assert await _summaries(client, feed) == ["Tea", "Plans with a friend"]


async def test_a_neutral_entry_links_on_through_the_feed_to_the_gathering(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    event = await make_event(
        session, slug="circle", title="Circle", starts_at=clock.now() + timedelta(days=2)
    )
    await session.commit()
    token, _ = await say_yes(client, "circle", discreet="on")
    await client.post(f"/rsvps/{token}/feed", data={"action": "start"})
    feed = await _feed_path(client, f"/rsvps/{token}")
    (entry,) = vevents((await client.get(feed)).text)
    url = str(entry["URL"])
    assert "circle" not in url.lower()
    assert url == f"http://testserver.local{feed.removesuffix('.ics')}/events/{event.id}"
    response = await client.get(url.removeprefix("http://testserver.local"), follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/events/circle"
    # Only gatherings in that feed: another id answers 404.
    other = await client.get(f"{feed.removesuffix('.ics')}/events/{event.id + 1}")
    assert other.status_code == 404


async def test_new_link_and_switching_off_make_the_old_link_a_404(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    await make_event(session, slug="tea", starts_at=clock.now() + timedelta(days=2))
    await session.commit()
    token, _ = await say_yes(client, "tea")
    await client.post(f"/rsvps/{token}/feed", data={"action": "start"})
    old = await _feed_path(client, f"/rsvps/{token}")

    await client.post(f"/rsvps/{token}/feed", data={"action": "new-link"})
    new = await _feed_path(client, f"/rsvps/{token}")
    assert new != old
    assert (await client.get(old)).status_code == 404
    assert (await client.get(new)).status_code == 200

    await client.post(f"/rsvps/{token}/feed", data={"action": "stop"})
    assert (await client.get(new)).status_code == 404
    assert FEED_PATH.search((await client.get(f"/rsvps/{token}")).text) is None
    assert (await client.get("/calendar/" + "A" * 43 + ".ics")).status_code == 404
    assert (await client.get("/calendar/not-a-feed")).status_code == 404

    await client.post(f"/rsvps/{token}/feed", data={"action": "new-link"})
    revived = await _feed_path(client, f"/rsvps/{token}")
    assert revived not in {old, new}
    assert (await client.get(revived)).status_code == 200


async def test_the_feed_shows_confirmed_places_and_cancellations(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    full = await make_event(
        session, slug="full", title="Full", capacity=1, starts_at=clock.now() + timedelta(days=2)
    )
    open_event = await make_event(
        session, slug="open", title="Open", starts_at=clock.now() + timedelta(days=3)
    )
    await session.commit()
    await say_yes(client, "full", pseudonym="Someone first")
    waiting, _ = await say_yes(client, "full")
    coming, _ = await say_yes(client, "open")
    await client.post(f"/rsvps/{coming}/feed", data={"action": "start"})
    await client.post(f"/rsvps/{waiting}/feed", data={"action": "join"})
    feed = await _feed_path(client, f"/rsvps/{coming}")
    assert await _summaries(client, feed) == ["Open"]  # waiting isn't a commitment yet

    open_event.status = EventStatus.CANCELLED
    open_event.sequence += 1
    session.add(open_event)
    await session.commit()
    (entry,) = vevents((await client.get(feed)).text)
    assert str(entry["STATUS"]) == "CANCELLED"
    assert int(entry["SEQUENCE"]) == 1
    assert full.id != open_event.id


async def test_a_members_feed_holds_their_replies_and_no_one_elses(
    client: Client, session: AsyncSession, clock: FixedClock, cast: Cast, settings: Settings
) -> None:
    await make_event(session, slug="mine", title="Mine", starts_at=clock.now() + timedelta(days=2))
    await make_event(
        session, slug="theirs", title="Theirs", starts_at=clock.now() + timedelta(days=2)
    )
    await session.commit()
    async with another_device(client) as other:
        await sign_in(other, cast.moderator.email)
        await say_yes(other, "theirs", pseudonym="Mod")
        await other.post("/me/calendar", data={"action": "start"})
        theirs = await _feed_path(other, "/me/calendar")

    await sign_in(client, cast.member.email)
    client.headers["x-csrftoken"] = await csrf_token(client)
    page = await client.get("/me/calendar")
    assert page.status_code == 200
    assert FEED_PATH.search(page.text) is None
    await client.post("/me/calendar", data={"action": "start"})
    mine = await _feed_path(client, "/me/calendar")
    await say_yes(client, "mine", pseudonym="Member")
    assert await _summaries(client, mine) == ["Mine"]
    assert await _summaries(client, theirs) == ["Theirs"]
    assert "manage" not in (await client.get(mine)).text

    await client.post("/me/calendar", data={"action": "new-link"})
    renewed = await _feed_path(client, "/me/calendar")
    assert (await client.get(mine)).status_code == 404
    await client.post("/me/calendar", data={"action": "stop"})
    assert (await client.get(renewed)).status_code == 404
    assert settings.app.secret_key not in renewed


async def test_the_account_feed_page_needs_signing_in(client: Client) -> None:
    response = await client.get(
        "/me/calendar", headers={"accept": "text/html"}, follow_redirects=False
    )
    assert response.status_code in {302, 303}
    assert "/auth/login" in response.headers["location"]
