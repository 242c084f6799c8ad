"""Demo replies: some upcoming gatherings full (with a calm waitlist), others partly booked.

Made through the real RSVP service, so places taken, waitlist positions and allies are
exactly what people saying yes would produce. Pseudonyms only; nobody gets mail (no
addresses but a few at example.org, and the outbox is only drained by a running app).
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from sqlalchemy.ext.asyncio import AsyncSession

from planner.accounts.models import OrganiserStatus
from planner.events.models import Event, EventStatus
from planner.rsvps.forms import AllyRequest, RsvpDetails, RsvpRequest
from planner.rsvps.services import Links, create_rsvp

PSEUDONYMS: Final = (
    "Sam", "Ash", "Kit", "Jo", "Rae", "Mo", "Lou", "Ari", "Nell", "Tam", "Bea", "Cal",
    "Dee", "Fin", "Gus", "Ivy", "Jem", "Lark", "Max", "Noor", "Oli", "Pip", "Quin", "Ren",
)  # fmt: skip
ALLIES: Final = ("Robin", "Alex", "Morgan", "Casey", "Jamie", "Toby")
ACCESS_NEEDS: Final = (
    "A seat near the door, please.",
    "Step-free route; I use a walking frame.",
    "I lip-read, so a seat where I can see faces helps.",
    "I may need to step out to the quiet room.",
    "",
    "",
)
FULL_SIZE_LIMIT: Final = 12
"""Only small gatherings are filled, so the demo stays a believable size."""
LINKS: Final = Links("http://127.0.0.1:8000")


async def seed_replies(session: AsyncSession, events: list[Event], now: datetime) -> int:
    """Say yes to upcoming published gatherings: every fourth small one fills up with two
    people waiting, every third is partly booked. Returns how many replies were made."""
    upcoming = [
        event
        for event in sorted(events, key=lambda item: (item.starts_at, item.id))
        if event.status is EventStatus.PUBLISHED
        and event.starts_at > now
        and event.organiser.organiser_status is OrganiserStatus.VERIFIED
    ]
    made = 0
    for index, event in enumerate(upcoming):
        if index % 4 == 0 and event.capacity <= FULL_SIZE_LIMIT:
            wanted = event.capacity  # enough people (with allies) to fill it and queue two
            extra_waiting = 2
        elif index % 3 == 0:
            wanted = max(1, event.capacity // 3)
            extra_waiting = 0
        else:
            continue
        places = 0
        person = 0
        waiting = 0
        # Bounded, so a rule change can never make seeding spin forever.
        while (places < wanted or waiting < extra_waiting) and person < 2 * event.capacity + 5:
            number = made + person
            bring_ally = event.allies_welcome and number % 3 == 0
            request = RsvpRequest(
                details=RsvpDetails(
                    pseudonym=PSEUDONYMS[number % len(PSEUDONYMS)],
                    email=f"guest{number}@example.org" if number % 5 == 0 else None,
                    access_needs=ACCESS_NEEDS[number % len(ACCESS_NEEDS)],
                    may_leave_early=number % 4 == 1,
                ),
                ally=AllyRequest(name=ALLIES[number % len(ALLIES)]) if bring_ally else None,
            )
            created = await create_rsvp(session, event.slug, request, now=now, links=LINKS)
            person += 1
            if created.rsvp.status.value == "waitlisted":
                waiting += 1
            else:
                places += created.rsvp.party_size
        made += person
    return made
