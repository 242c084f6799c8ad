"""Seed the accessibility vocabulary.

The words are frozen here, as they were when this migration landed: later
wording changes come as new migrations, so every database tells the same story.

Revision ID: 20261126_0002
Revises: 20261126_0001
Create Date: 2026-11-26 15:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261126_0002"
down_revision: str | None = "20261126_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# key, label, category, description, schema.org accessibilityFeature, OpenStreetMap key
TAGS: list[tuple[str, str, str, str, str | None, str | None]] = [
    (
        "quiet-room",
        "Quiet room",
        "sensory",
        "A separate, calmer room you can go to at any time, no questions asked.",
        None,
        None,
    ),
    (
        "dim-lighting",
        "Soft or dim lighting",
        "sensory",
        "No harsh overhead lights or flashing; the light stays low and steady.",
        None,
        None,
    ),
    (
        "no-music",
        "No background music",
        "sensory",
        "No music is played, so conversation is easier to follow and the room stays calm.",
        None,
        None,
    ),
    (
        "scent-free",
        "Scent-free",
        "sensory",
        "People are asked not to wear perfume or strong scents, and none are used in the room.",
        None,
        None,
    ),
    (
        "step-free",
        "Step-free access",
        "mobility",
        "You can get from the street to the room and the toilets without any steps.",
        None,
        "wheelchair=yes",
    ),
    (
        "accessible-toilet",
        "Accessible toilet",
        "mobility",
        "A toilet with space for a wheelchair and grab rails.",
        None,
        "toilets:wheelchair=yes",
    ),
    (
        "seating",
        "Seating available",
        "mobility",
        "There are chairs for everyone, and you can sit the whole time.",
        None,
        None,
    ),
    (
        "gender-neutral-toilet",
        "Gender-neutral toilet",
        "mobility",
        "At least one toilet that anyone can use.",
        None,
        "unisex=yes",
    ),
    (
        "hearing-loop",
        "Hearing loop",
        "communication",
        "An induction loop for hearing aids set to the T position.",
        None,
        "hearing_loop=yes",
    ),
    (
        "captions",
        "Captions",
        "communication",
        "Live captions for what is said (online events, or on a screen in the room).",
        "captions",
        None,
    ),
    (
        "sign-language",
        "Sign language",
        "communication",
        "A sign language interpreter is there for the whole gathering.",
        "signLanguage",
        None,
    ),
    (
        "written-communication",
        "Written communication welcome",
        "communication",
        "You can take part by writing or typing instead of speaking.",
        None,
        None,
    ),
    (
        "small-group",
        "Small group",
        "structure",
        "Kept to a handful of people so it never feels like a crowd.",
        None,
        None,
    ),
    (
        "structured-activity",
        "Structured activity",
        "structure",
        "There is a clear activity to focus on, so you don't have to make small talk.",
        None,
        None,
    ),
    (
        "observe-only",
        "Observing welcome",
        "structure",
        "You are welcome to just watch and listen; nobody will ask you to speak.",
        None,
        None,
    ),
    (
        "breaks-scheduled",
        "Scheduled breaks",
        "structure",
        "Breaks happen at set times, so you know when you can pause.",
        None,
        None,
    ),
    (
        "come-and-go",
        "Come and go",
        "structure",
        "Arrive late or leave early whenever you need to; it is expected, not rude.",
        None,
        None,
    ),
    (
        "agenda-shared",
        "Plan shared in advance",
        "structure",
        "The running order is written down beforehand and the hosts stick to it.",
        None,
        None,
    ),
    (
        "allies-welcome",
        "Allies welcome",
        "wellbeing",
        "You can bring a trusted friend, relative or peer mentor with you.",
        None,
        None,
    ),
    (
        "service-animals",
        "Service animals welcome",
        "wellbeing",
        "Assistance and service animals are welcome.",
        None,
        "dog=yes",
    ),
    (
        "peer-host",
        "Peer host",
        "wellbeing",
        "Hosted by someone with lived experience who knows what it's like to start again.",
        None,
        None,
    ),
    (
        "online-option",
        "Online option",
        "wellbeing",
        "You can join from home instead, camera and microphone optional.",
        None,
        None,
    ),
    (
        "outdoors",
        "Outdoors",
        "wellbeing",
        "Held in the open air, with space around you.",
        None,
        None,
    ),
    (
        "no-alcohol",
        "Alcohol-free",
        "wellbeing",
        "No alcohol is served or expected.",
        None,
        None,
    ),
]

tag_table = sa.table(
    "accessibility_tags",
    sa.column("key", sa.String),
    sa.column("label", sa.String),
    sa.column("category", sa.String),
    sa.column("description", sa.Text),
    sa.column("schema_org_feature", sa.String),
    sa.column("osm_key", sa.String),
    sa.column("position", sa.Integer),
)


def upgrade() -> None:
    op.bulk_insert(
        tag_table,
        [
            {
                "key": key,
                "label": label,
                "category": category,
                "description": description,
                "schema_org_feature": schema_org,
                "osm_key": osm,
                "position": position,
            }
            for position, (key, label, category, description, schema_org, osm) in enumerate(TAGS)
        ],
    )


def downgrade() -> None:
    op.execute(tag_table.delete().where(tag_table.c.key.in_([tag[0] for tag in TAGS])))
