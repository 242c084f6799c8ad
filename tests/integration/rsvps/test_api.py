"""``/api/v1``: RSVP as a guest, then manage it with the token returned once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from planner.core.clock import FixedClock
from tests.factories import make_event
from tests.integration.rsvps.helpers import Client, assert_places_consistent


async def test_guest_rsvp_then_every_manage_operation(
    client: Client, session: AsyncSession, clock: FixedClock, clean_database: AsyncEngine
) -> None:
    event = await make_event(
        session, slug="tea", capacity=3, starts_at=clock.now() + timedelta(days=2)
    )
    await session.commit()

    response = await client.post(
        "/api/v1/events/tea/rsvps",
        json={"pseudonym": "Sam", "may_leave_early": True, "ally": {"name": "Robin"}},
    )
    assert response.status_code == 201
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    token = body["manage_token"]
    assert (body["status"], body["places_held"], body["may_leave_early"]) == ("confirmed", 2, True)
    assert body["manage_url"] == f"http://testserver.local/rsvps/{token}"
    assert body["ally"]["status"] == "invited"
    assert body["ally"]["link"].startswith("http://testserver.local/ally/")
    assert body["event"]["slug"] == "tea"

    fetched = (await client.get(f"/api/v1/rsvps/{token}")).json()
    assert "manage_token" not in fetched  # shown once only
    assert fetched["ally"]["link"] == body["ally"]["link"]

    patched = await client.patch(
        f"/api/v1/rsvps/{token}", json={"access_needs": "Step-free", "email": "sam@example.org"}
    )
    assert patched.status_code == 200
    assert (patched.json()["access_needs"], patched.json()["pseudonym"]) == ("Step-free", "Sam")

    plan = await client.patch(
        f"/api/v1/rsvps/{token}/ally", json={"meeting_point": "The café", "leave_signal": "Tea?"}
    )
    assert plan.json()["ally"]["meeting_point"] == "The café"
    safety = await client.put(
        f"/api/v1/rsvps/{token}/safety-plan", json={"triggers": "Crowds", "share_with_ally": True}
    )
    assert safety.json()["safety_plan"]["triggers"] == "Crowds"

    withdrawn = await client.post(f"/api/v1/rsvps/{token}/ally/withdraw")
    assert (withdrawn.json()["ally"], withdrawn.json()["places_held"]) == (None, 1)
    invited = await client.post(f"/api/v1/rsvps/{token}/ally", json={"name": "Alex"})
    assert invited.status_code == 201
    assert invited.json()["ally"]["name"] == "Alex"

    cancelled = await client.post(f"/api/v1/rsvps/{token}/cancel")
    assert (cancelled.json()["status"], cancelled.json()["places_held"]) == ("cancelled", 0)
    renewed = await client.post(f"/api/v1/rsvps/{token}/renew")
    assert renewed.json()["status"] == "confirmed"
    await assert_places_consistent(clean_database, event.id)


async def test_full_closed_and_invalid_answers(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    await make_event(session, slug="tea", capacity=1, starts_at=clock.now() + timedelta(hours=1))
    await make_event(
        session, slug="solo", allies_welcome=False, starts_at=clock.now() + timedelta(days=1)
    )
    await session.commit()
    first = await client.post("/api/v1/events/tea/rsvps", json={"pseudonym": "Sam"})
    second = await client.post("/api/v1/events/tea/rsvps", json={"pseudonym": "Kit"})
    assert (first.json()["status"], second.json()["status"]) == ("confirmed", "waitlisted")
    assert second.json()["waitlist_position"] == 1

    invalid = await client.post(
        "/api/v1/events/tea/rsvps", json={"pseudonym": " ", "email": "nope"}
    )
    assert invalid.status_code == 400
    assert {item["key"] for item in invalid.json()["extra"]} == {"pseudonym", "email"}
    assert (await client.post("/api/v1/events/tea/rsvps", json={})).status_code == 400
    assert (
        await client.post("/api/v1/events/nothing/rsvps", json={"pseudonym": "Sam"})
    ).status_code == 404
    no_allies = await client.post(
        "/api/v1/events/solo/rsvps", json={"pseudonym": "Sam", "ally": {"name": "Robin"}}
    )
    assert no_allies.status_code == 409

    clock.advance(timedelta(hours=1))
    late = await client.post("/api/v1/events/tea/rsvps", json={"pseudonym": "Late"})
    assert late.status_code == 409
    assert "already started" in late.json()["detail"]


async def test_openapi_documents_the_rsvp_routes(client: Client) -> None:
    paths = (await client.get("/schema/openapi.json")).json()["paths"]
    assert "post" in paths["/api/v1/events/{slug}/rsvps"]
    for path, verbs in {
        "/api/v1/rsvps/{token}": {"get", "patch"},
        "/api/v1/rsvps/{token}/cancel": {"post"},
        "/api/v1/rsvps/{token}/renew": {"post"},
        "/api/v1/rsvps/{token}/ally": {"post", "patch"},
        "/api/v1/rsvps/{token}/ally/withdraw": {"post"},
        "/api/v1/rsvps/{token}/safety-plan": {"put"},
    }.items():
        assert verbs <= paths[path].keys(), path
    assert not any(path.startswith(("/rsvps", "/ally")) for path in paths)
