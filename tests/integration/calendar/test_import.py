"""Organisers import an .ics file: upload, review, create drafts once, or discard.

Every bad file is refused with its own message beside the file field and leaves
nothing behind: no import row, no event.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from httpx import Response
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from planner.calendar import imports
from planner.calendar.models import EventImport, ImportStatus
from planner.core.clock import FixedClock
from planner.core.db import begin_write, create_session_maker
from planner.events.comfort import Interaction, Noise
from planner.events.models import AttendanceMode, Event, EventStatus, Lighting
from tests.factories import make_venue
from tests.html import one, parse, text_of, texts
from tests.integration.organiser.conftest import Cast, sign_in
from tests.web import HTML, Client, csrf_token

HTMX = {"hx-request": "true"}
OPTIONS = {
    "timezone": "Europe/London",
    "default_venue": "online",
    "capacity": "6",
    "noise": "quiet",
    "lighting": "soft",
    "interaction": "observe",
}


def vevent(summary: str, *lines: str) -> str:
    return "\r\n".join(["BEGIN:VEVENT", f"SUMMARY:{summary}", *lines, "END:VEVENT"])


def calendar(*events: str) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//EN", *events, "END:VCALENDAR"]
    return ("\r\n".join(lines) + "\r\n").encode()


MIXED = calendar(
    vevent(
        "Quiet crafts",
        "UID:crafts@example.org",
        "DTSTART;TZID=Europe/London:20261205T100000",
        "DTEND;TZID=Europe/London:20261205T113000",
        "LOCATION:the library",
        "DESCRIPTION:Knitting and tea\\, no talking needed.\\nBring nothing.",
    ),
    vevent(
        "Online book club",
        "DTSTART:20270110T190000",
        "DURATION:PT1H",
        "LOCATION:https://meet.example.org/book-club",
        "RRULE:FREQ=MONTHLY",
    ),
    vevent(
        "Walk in the park",
        "DTSTART:20261212T140000Z",
        "LOCATION:Roundhay Park gates",
    ),
    vevent("Last week", "DTSTART:20261119T100000Z", "DTEND:20261119T110000Z"),
    vevent("Winter fair", "DTSTART;VALUE=DATE:20261219"),
)


async def upload(
    client: Client,
    data: bytes,
    *,
    filename: str = "group.ics",
    headers: dict[str, str] | None = None,
    **options: str,
) -> Response:
    """Post the upload form as a browser does: multipart, with its CSRF token."""
    token = await csrf_token(client, "/organiser/imports/new")
    return await client.post(
        "/organiser/imports",
        data={**OPTIONS, **options, "_csrf_token": token},
        files={"calendar_file": (filename, data, "text/calendar")},
        headers={**HTML, **(headers or {})},
        follow_redirects=False,
    )


async def post(client: Client, path: str) -> Response:
    token = await csrf_token(client, "/organiser/imports/new")
    return await client.post(
        path, data={"_csrf_token": token}, headers=HTML, follow_redirects=False
    )


async def counts(session: AsyncSession) -> tuple[int, int]:
    """(event_imports, events) as committed."""
    await session.commit()
    imports = await session.scalar(select(func.count()).select_from(EventImport))
    events = await session.scalar(select(func.count()).select_from(Event))
    return imports or 0, events or 0


async def events_of(session: AsyncSession, organiser_id: int) -> list[Event]:
    await session.commit()
    query = (
        select(Event)
        .where(Event.organiser_id == organiser_id)
        .order_by(Event.starts_at, Event.id)
        .execution_options(populate_existing=True)
    )
    return list(await session.scalars(query))


async def the_import(session: AsyncSession, import_id: int) -> EventImport:
    await session.commit()
    found = await session.scalar(
        select(EventImport)
        .where(EventImport.id == import_id)
        .execution_options(populate_existing=True)
    )
    assert found is not None
    return found


def import_id_of(response: Response) -> int:
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert location.startswith("/organiser/imports/")
    return int(location.rsplit("/", 1)[1])


async def test_upload_review_then_create_drafts_once(
    client: Client, session: AsyncSession, cast: Cast
) -> None:
    library = await make_venue(session, cast.verified, name="The Library", city="Leeds")
    park = await make_venue(session, cast.verified, name="Community hall", city="Leeds")
    await session.commit()
    await sign_in(client, cast.verified.email)

    response = await upload(client, MIXED, default_venue=str(park.id))
    import_id = import_id_of(response)
    assert await counts(session) == (1, 0)  # stored for review; nothing created yet

    review = parse((await client.get(f"/organiser/imports/{import_id}", headers=HTML)).text)
    rows = review.select("table")[0].select("tbody tr")
    assert [text_of(one(row, "th")) for row in rows] == [
        "Quiet crafts",
        "Online book club",
        "Walk in the park",
    ]
    crafts, book_club, walk = (row.select("td") for row in rows)
    assert text_of(crafts[0]) == "Saturday 5 December 2026, 10:00 to 11:30 (GMT)"
    assert text_of(crafts[1]) == "The Library"  # the file's "the library" matches, any case
    assert text_of(book_club[1]).startswith("Online")
    assert "only the first date is imported" in text_of(book_club[2])
    assert text_of(walk[1]) == "Community hall The file says: Roundhay Park gates"
    assert "“Roundhay Park gates” isn't one of your venues" in text_of(walk[2])
    skipped = review.select("table")[1].select("tbody tr")
    assert [(text_of(one(row, "th")), text_of(row.select("td")[1])) for row in skipped] == [
        ("Last week", "Already happened."),
        ("Winter fair", "An all-day entry: a gathering needs a start and an end time."),
    ]
    assert text_of(one(review, "form[action$='/create'] button")) == "Create 3 drafts"

    response = await post(client, f"/organiser/imports/{import_id}/create")
    assert response.status_code == 303
    assert response.headers["location"] == "/organiser/events?imported=3"
    crafts_event, walk_event, book_event = await events_of(session, cast.verified.id)
    assert crafts_event.title == "Quiet crafts"
    assert crafts_event.starts_at == datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
    assert crafts_event.ends_at == datetime(2026, 12, 5, 11, 30, tzinfo=UTC)
    assert crafts_event.venue_id == library.id
    assert crafts_event.summary == "Knitting and tea, no talking needed."
    assert crafts_event.description == "Knitting and tea, no talking needed.\nBring nothing."
    assert walk_event.venue_id == park.id
    assert walk_event.attendance_mode is AttendanceMode.IN_PERSON
    assert book_event.attendance_mode is AttendanceMode.ONLINE
    assert book_event.online_url == "https://meet.example.org/book-club"
    assert book_event.venue_id is None
    assert book_event.starts_at == datetime(2027, 1, 10, 19, 0, tzinfo=UTC)  # floating, London
    for event in (crafts_event, walk_event, book_event):
        assert event.status is EventStatus.DRAFT
        assert event.capacity == 6
        assert (event.noise, event.lighting, event.interaction) == (
            Noise.QUIET,
            Lighting.SOFT,
            Interaction.OBSERVE,
        )
        assert event.timezone == "Europe/London"
    assert crafts_event.slug == "quiet-crafts-2026-12-05-leeds"

    listing = parse((await client.get(response.headers["location"], headers=HTML)).text)
    assert "3 drafts were created from your calendar file" in text_of(one(listing, ".notice"))

    again = await post(client, f"/organiser/imports/{import_id}/create")
    assert again.status_code == 303
    assert again.headers["location"] == f"/organiser/imports/{import_id}"
    assert await counts(session) == (1, 3)
    stored = await the_import(session, import_id)
    assert stored.status is ImportStatus.CREATED
    assert stored.created_count == 3
    assert stored.drafts == []  # the file's contents are not kept once drafts exist
    done = parse((await client.get(f"/organiser/imports/{import_id}", headers=HTML)).text)
    assert "3 drafts were created from this file" in text_of(one(done, ".notice"))
    assert not done.select("form[action$='/create']")


async def test_discarding_creates_nothing_and_forgets_the_file(
    client: Client, session: AsyncSession, cast: Cast
) -> None:
    await sign_in(client, cast.verified.email)
    import_id = import_id_of(await upload(client, MIXED))
    response = await post(client, f"/organiser/imports/{import_id}/discard")
    assert response.status_code == 303
    stored = await the_import(session, import_id)
    assert stored.status is ImportStatus.DISCARDED
    assert stored.drafts == []
    # A late "Create" from another tab does nothing either.
    await post(client, f"/organiser/imports/{import_id}/create")
    assert await counts(session) == (1, 0)
    page = parse((await client.get(f"/organiser/imports/{import_id}", headers=HTML)).text)
    assert "Nothing was created from this file" in text_of(one(page, ".notice"))


async def test_five_hundred_events_import_fully(
    client: Client, session: AsyncSession, cast: Cast
) -> None:
    first = datetime(2027, 1, 4, 18, 0, tzinfo=UTC)
    events = [
        vevent(
            "Weekly circle",  # the same title on different days: slugs stay unique
            f"UID:{number}@example.org",
            f"DTSTART:{first + timedelta(days=number):%Y%m%dT%H%M%SZ}",
            "DURATION:PT90M",
            f"DESCRIPTION:Meeting number {number}.",
        )
        for number in range(500)
    ]
    await sign_in(client, cast.verified.email)
    import_id = import_id_of(await upload(client, calendar(*events)))
    review = parse((await client.get(f"/organiser/imports/{import_id}", headers=HTML)).text)
    assert len(review.select("table tbody tr")) == 500
    assert text_of(one(review, "form[action$='/create'] button")) == "Create 500 drafts"

    response = await post(client, f"/organiser/imports/{import_id}/create")
    assert response.headers["location"] == "/organiser/events?imported=500"
    created = await events_of(session, cast.verified.id)
    assert len(created) == 500
    assert len({event.slug for event in created}) == 500
    assert created[0].starts_at == first
    assert created[-1].ends_at == first + timedelta(days=499, minutes=90)
    assert created[-1].summary == "Meeting number 499."


LATIN1 = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Café\r\n".encode("latin-1")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            b"Dear all,\nthe crafts group meets on Friday.\n",
            "This doesn't look like an iCalendar (.ics) file",
            id="plain-text",
        ),
        pytest.param(
            calendar(vevent("Book club", "DTEND:20261205T110000Z")),
            "“Book club” (line 4) has no start time (DTSTART).",
            id="missing-dtstart",
        ),
        pytest.param(
            calendar(vevent("Long", "DTSTART:20261205T100000Z", "DESCRIPTION:" + "x" * 20_000)),
            "Line 7 is longer than 10,000 characters",
            id="huge-line",
        ),
        pytest.param(LATIN1, "This file isn't UTF-8 text", id="latin-1"),
        pytest.param(
            calendar(),
            "This calendar has no events in it, so there is nothing to import.",
            id="empty-calendar",
        ),
        pytest.param(
            calendar(vevent("Big", "DTSTART:20261205T100000Z", *["X-PAD:" + "x" * 70] * 30_000)),
            "This file is larger than 2 MB.",
            id="too-big",
        ),
        pytest.param(
            calendar(vevent("Tea", "DTSTART;TZID=GMT Standard Time:20261205T100000")),
            "“Tea” (line 4) uses the time zone “GMT Standard Time”, which we don't recognise.",
            id="unknown-zone",
        ),
        pytest.param(b"", "Please choose the .ics file your calendar app saved.", id="no-file"),
    ],
)
async def test_bad_files_are_explained_beside_the_field_and_nothing_is_stored(
    client: Client, session: AsyncSession, cast: Cast, data: bytes, message: str
) -> None:
    await sign_in(client, cast.verified.email)
    response = await upload(client, data, timezone="Europe/Paris", capacity="5")
    assert response.status_code == 400
    page = parse(response.text)
    error = one(page, "#calendar_file-error")
    assert message in text_of(error)
    assert "calendar_file-error" in str(one(page, "#calendar_file")["aria-describedby"])
    # What was chosen is kept (the file itself can't be, browsers don't allow it).
    assert one(page, "#timezone option[selected]")["value"] == "Europe/Paris"
    assert one(page, "#capacity")["value"] == "5"
    assert await counts(session) == (0, 0)


async def test_wrong_choices_are_explained_and_nothing_is_stored(
    client: Client, session: AsyncSession, cast: Cast
) -> None:
    other_venue = await make_venue(session, cast.other)
    await session.commit()
    await sign_in(client, cast.verified.email)
    response = await upload(
        client, MIXED, capacity="0", default_venue=str(other_venue.id), timezone="Mars/Olympus"
    )
    assert response.status_code == 422
    page = parse(response.text)
    assert "between 1 and 500" in text_of(one(page, "#capacity-error"))
    assert "one of your venues" in text_of(one(page, "#default_venue-error"))
    assert "time zone" in text_of(one(page, "#timezone-error"))
    assert await counts(session) == (0, 0)


async def test_htmx_upload_goes_to_the_review_or_swaps_in_the_message(
    client: Client, session: AsyncSession, cast: Cast
) -> None:
    await sign_in(client, cast.verified.email)
    bad = await upload(client, b"not a calendar", headers=HTMX)
    assert bad.status_code == 400
    assert "<html" not in bad.text  # the form region alone, for htmx to swap
    fragment = parse(bad.text)
    assert one(fragment, "#import-upload form[hx-post='/organiser/imports']")
    assert "iCalendar" in text_of(one(fragment, "#calendar_file-error"))

    good = await upload(client, MIXED, headers=HTMX)
    assert good.status_code == 200
    (stored,) = (await session.scalars(select(EventImport))).all()
    assert good.headers["hx-redirect"] == f"/organiser/imports/{stored.id}"


async def test_review_shows_titles_as_text_never_as_markup(
    client: Client, session: AsyncSession, cast: Cast
) -> None:
    await sign_in(client, cast.verified.email)
    data = calendar(vevent("<script>alert(1)</script>", "DTSTART:20261205T100000Z"))
    import_id = import_id_of(await upload(client, data))
    page = parse((await client.get(f"/organiser/imports/{import_id}", headers=HTML)).text)
    assert texts(page, "table tbody th") == ["<script>alert(1)</script>"]
    assert not page.select("main script")


async def test_another_organiser_can_not_see_create_or_discard_it(
    client: Client, session: AsyncSession, cast: Cast
) -> None:
    await sign_in(client, cast.verified.email)
    import_id = import_id_of(await upload(client, MIXED))
    await client.post("/auth/logout", headers={**HTML, "x-csrftoken": await csrf_token(client)})
    await sign_in(client, cast.other.email)
    path = f"/organiser/imports/{import_id}"
    assert (await client.get(path, headers=HTML)).status_code == 404
    assert (await post(client, f"{path}/create")).status_code == 404
    assert (await post(client, f"{path}/discard")).status_code == 404
    assert await counts(session) == (1, 0)
    assert (await the_import(session, import_id)).status is ImportStatus.REVIEW


ROUTES = [
    ("GET", "/organiser/imports/new"),
    ("POST", "/organiser/imports"),
    ("GET", "/organiser/imports/{id}"),
    ("POST", "/organiser/imports/{id}/create"),
    ("POST", "/organiser/imports/{id}/discard"),
]


@pytest.fixture
async def waiting_import(session: AsyncSession, cast: Cast) -> str:
    """An import of the verified organiser's, waiting for review."""
    event_import = EventImport(
        organiser_id=cast.verified.id,
        filename="group.ics",
        options=OPTIONS | {"venue_id": None},
        drafts=[],
    )
    session.add(event_import)
    await session.commit()
    return str(event_import.id)


async def _status(client: Client, method: str, path: str) -> int:
    if method == "GET":
        return (await client.get(path, headers=HTML, follow_redirects=False)).status_code
    return (await post(client, path)).status_code


async def test_anonymous_people_are_asked_to_sign_in(client: Client, waiting_import: str) -> None:
    for method, path in ROUTES:
        status = await _status(client, method, path.replace("{id}", waiting_import))
        assert status == (303 if method == "GET" else 401), (method, path, status)


@pytest.mark.parametrize("who", ["member", "suspended", "moderator", "admin"])
async def test_people_without_organiser_tools_are_refused(
    client: Client, session: AsyncSession, cast: Cast, waiting_import: str, who: str
) -> None:
    await sign_in(client, getattr(cast, who).email)
    for method, path in ROUTES:
        status = await _status(client, method, path.replace("{id}", waiting_import))
        assert status == 403, (who, method, path, status)
    assert await counts(session) == (1, 0)


async def test_pending_organisers_import_drafts_too(
    client: Client, session: AsyncSession, cast: Cast
) -> None:
    await sign_in(client, cast.pending.email)
    import_id = import_id_of(await upload(client, MIXED))
    await post(client, f"/organiser/imports/{import_id}/create")
    drafts = await events_of(session, cast.pending.id)
    assert [event.status for event in drafts] == [EventStatus.DRAFT] * 3


async def test_the_form_starts_from_the_last_zone_and_the_first_venue(
    client: Client, session: AsyncSession, cast: Cast
) -> None:
    venue = await make_venue(session, cast.verified, name="Allotment shed")
    await session.commit()
    await sign_in(client, cast.verified.email)
    page = parse((await client.get("/organiser/imports/new", headers=HTML)).text)
    assert one(page, "#timezone option[selected]")["value"] == "Europe/London"
    assert one(page, "#default_venue option[selected]")["value"] == str(venue.id)
    assert one(page, "form[data-upload-form]")["enctype"] == "multipart/form-data"
    await upload(client, MIXED, timezone="America/New_York")
    page = parse((await client.get("/organiser/imports/new", headers=HTML)).text)
    assert one(page, "#timezone option[selected]")["value"] == "America/New_York"
    # And the file waiting for review is linked, so it isn't lost.
    assert texts(page, ".notice a") == ["group.ics"]


async def test_the_gatherings_page_links_to_importing(client: Client, cast: Cast) -> None:
    await sign_in(client, cast.verified.email)
    page = parse((await client.get("/organiser/events", headers=HTML)).text)
    link = one(page, "a[href='/organiser/imports/new']")
    assert text_of(link) == "Import from a calendar file"


async def test_two_presses_at_once_make_the_drafts_once(
    clean_database: AsyncEngine, session: AsyncSession, cast: Cast, clock: FixedClock
) -> None:
    options = imports.ImportOptions.from_json(OPTIONS | {"venue_id": None})
    event_import = await imports.start_import(
        session, cast.verified, filename="a.ics", data=MIXED, options=options, now=clock.now()
    )
    await session.commit()
    maker = create_session_maker(clean_database)

    async def press() -> bool:
        # Each press is its own request: its own session, in a write transaction.
        async with maker() as own:
            await begin_write(own)
            _, created_now = await imports.create_drafts(
                own, cast.verified, event_import.id, clock.now()
            )
            await own.commit()
            return created_now

    assert sorted(await asyncio.gather(press(), press(), press())) == [False, False, True]
    assert await counts(session) == (1, 3)


async def test_the_file_name_is_kept_without_its_folders(
    client: Client, session: AsyncSession, cast: Cast
) -> None:
    await sign_in(client, cast.verified.email)
    response = await upload(client, MIXED, filename="C:\\Users\\sam\\Circle dates.ics")
    page = parse((await client.get(response.headers["location"], headers=HTML)).text)
    assert text_of(one(page, "h1")) == "Check what Circle dates.ics holds"
