"""The home page, the health check and the headers every response carries."""

from __future__ import annotations

from datetime import timedelta

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncSession

from planner.app import create_app
from planner.core.clock import FixedClock
from planner.core.settings import AppSettings, DatabaseSettings, Settings
from planner.events.comfort import Noise
from tests.conftest import TEST_HOST
from tests.factories import make_event
from tests.html import one, parse, text_of, texts

Client = AsyncTestClient[Litestar]


async def test_home_explains_offers_levels_and_gentle_gatherings(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    start = clock.now() + timedelta(days=1)
    for number in range(4):
        await make_event(
            session, title=f"Gentle {number}", starts_at=start + timedelta(hours=number)
        )
    await make_event(
        session, title="Too loud", starts_at=start - timedelta(hours=1), noise=Noise.LOUD
    )
    await session.commit()

    soup = parse((await client.get("/")).text)
    assert text_of(one(soup, "h1")) == "Small, predictable gatherings, at your own pace"
    picker = soup.select(".level-picker a")
    assert [a["href"] for a in picker] == [f"/events?level={n}" for n in range(1, 6)]
    assert texts(soup, "section[aria-labelledby=gentle-title] .card__title") == [
        "Gentle 0", "Gentle 1", "Gentle 2",
    ]  # fmt: skip


async def test_home_without_events_still_helps(client: Client) -> None:
    soup = parse((await client.get("/")).text)
    section = one(soup, "section[aria-labelledby=gentle-title]")
    assert "no gentle gatherings listed just now" in text_of(section)


async def test_every_page_has_quick_exit_first_then_skip_link(client: Client) -> None:
    for path in ("/", "/events", "/no-such-page"):
        response = await client.get(path, headers={"accept": "text/html"})
        soup = parse(response.text)
        focusable = soup.select("body a[href], body button, body input, body select")
        assert focusable[0].get("data-quick-exit") is not None, path
        assert focusable[0]["href"] == "https://www.bbc.co.uk/weather"
        assert focusable[1]["href"] == "#main"
        assert one(soup, "html")["lang"] == "en-GB"
        assert one(soup, "main")["id"] == "main"


async def test_security_headers_on_pages_api_static_and_errors(client: Client) -> None:
    for path in ("/", "/api/v1/tags", "/static/css/stepwise.css", "/no-such-page", "/health"):
        response = await client.get(path)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp, path
        assert "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"


async def test_pages_have_no_inline_script_or_style(client: Client) -> None:
    for path in ("/", "/events", "/events?level=9"):
        soup = parse((await client.get(path)).text)
        assert all(script.get("src") for script in soup.select("script")), path
        assert not soup.select("style, [style]"), path
        assert not [
            tag for tag in soup.find_all(True) if any(a.startswith("on") for a in tag.attrs)
        ]


async def test_unknown_hosts_are_refused(client: Client) -> None:
    response = await client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400


async def test_health_ok(client: Client) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert response.headers["cache-control"] == "no-store"


async def test_health_is_503_when_the_database_is_down(
    settings: Settings, tmp_path: object
) -> None:
    broken = Settings(
        app=AppSettings(secret_key="x", allowed_hosts=(TEST_HOST,)),
        # Nothing listens on port 1: the connection is refused at once.
        db=DatabaseSettings(url="postgresql+asyncpg://postgres@127.0.0.1:1/none"),
    )
    async with AsyncTestClient(app=create_app(broken), base_url=f"http://{TEST_HOST}") as client:
        response = await client.get("/health")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}


async def test_plain_text_ping(client: Client) -> None:
    response = await client.get("/ping")
    assert response.text == "pong"
