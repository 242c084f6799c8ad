"""The comfort ladder, checked row by row against DESIGN.md §3."""

from __future__ import annotations

import pytest

from planner.events.comfort import (
    ComfortInputs,
    ComfortLevel,
    Factor,
    Interaction,
    Noise,
    assess_comfort,
    duration_factor,
    group_size_factor,
    interaction_factor,
    noise_factor,
)


@pytest.mark.parametrize(
    ("capacity", "level"),
    [(1, 1), (4, 1), (5, 2), (8, 2), (9, 3), (15, 3), (16, 4), (30, 4), (31, 5), (500, 5)],
)
def test_group_size_bands(capacity: int, level: int) -> None:
    assert group_size_factor(capacity, online_only=False).level == level


@pytest.mark.parametrize(
    ("capacity", "level"),
    [(4, 1), (5, 1), (8, 1), (9, 2), (15, 2), (16, 3), (30, 3), (31, 4)],
)
def test_online_only_lowers_group_size_by_one_but_not_below_one(capacity: int, level: int) -> None:
    factor = group_size_factor(capacity, online_only=True)
    assert factor.level == level
    assert "online" in factor.reason


@pytest.mark.parametrize(
    ("noise", "level"),
    [(Noise.QUIET, 1), (Noise.CONVERSATIONAL, 2), (Noise.LIVELY, 4), (Noise.LOUD, 5)],
)
def test_noise_levels(noise: Noise, level: int) -> None:
    assert noise_factor(noise).level == level


@pytest.mark.parametrize(
    ("minutes", "level"),
    [(30, 1), (60, 1), (61, 2), (90, 2), (91, 3), (120, 3), (121, 4), (240, 4), (241, 5), (600, 5)],
)
def test_duration_bands(minutes: int, level: int) -> None:
    factor = duration_factor(minutes, come_and_go=False, quiet_room=False, scheduled_breaks=False)
    assert factor.level == level


@pytest.mark.parametrize(
    ("come_and_go", "quiet_room", "breaks", "level"),
    [
        (True, True, False, 2),
        (True, False, True, 2),
        (True, True, True, 2),
        (True, False, False, 5),  # come-and-go alone is not enough
        (False, True, True, 5),  # rest without come-and-go is not enough
    ],
)
def test_duration_cap_needs_come_and_go_and_a_way_to_rest(
    come_and_go: bool, quiet_room: bool, breaks: bool, level: int
) -> None:
    factor = duration_factor(
        300, come_and_go=come_and_go, quiet_room=quiet_room, scheduled_breaks=breaks
    )
    assert factor.level == level


def test_duration_cap_never_raises_a_short_event() -> None:
    factor = duration_factor(45, come_and_go=True, quiet_room=True, scheduled_breaks=True)
    assert factor.level == 1


@pytest.mark.parametrize(
    ("interaction", "level"),
    [
        (Interaction.OBSERVE, 1),
        (Interaction.STRUCTURED, 2),
        (Interaction.OPEN, 3),
        (Interaction.PERFORMING, 4),
    ],
)
def test_interaction_levels(interaction: Interaction, level: int) -> None:
    assert interaction_factor(interaction).level == level


@pytest.mark.parametrize(
    ("inputs", "level", "deciding"),
    [
        (ComfortInputs(4, Noise.QUIET, 60, Interaction.OBSERVE), ComfortLevel.GENTLE, 4),
        (
            ComfortInputs(8, Noise.CONVERSATIONAL, 90, Interaction.STRUCTURED),
            ComfortLevel.LOW_KEY,
            4,
        ),
        (ComfortInputs(4, Noise.QUIET, 60, Interaction.OPEN), ComfortLevel.MODERATE, 1),
        (ComfortInputs(12, Noise.LIVELY, 60, Interaction.OBSERVE), ComfortLevel.LIVELY, 1),
        (ComfortInputs(4, Noise.QUIET, 300, Interaction.OBSERVE), ComfortLevel.BUSY, 1),
        (
            ComfortInputs(
                4, Noise.QUIET, 300, Interaction.OBSERVE, come_and_go=True, quiet_room=True
            ),
            ComfortLevel.LOW_KEY,
            1,
        ),
        (
            ComfortInputs(12, Noise.QUIET, 60, Interaction.OBSERVE, online_only=True),
            ComfortLevel.LOW_KEY,
            1,
        ),
    ],
)
def test_level_is_the_maximum_factor(
    inputs: ComfortInputs, level: ComfortLevel, deciding: int
) -> None:
    assessment = assess_comfort(inputs)
    assert assessment.level is level
    assert [item.factor for item in assessment.factors] == list(Factor)
    assert len(assessment.deciding) == deciding
    assert all(item.reason.endswith(".") for item in assessment.factors)


def test_reasons_explain_the_facts() -> None:
    assessment = assess_comfort(
        ComfortInputs(
            6, Noise.CONVERSATIONAL, 150, Interaction.STRUCTURED, come_and_go=True, quiet_room=True
        )
    )
    reasons = {item.factor: item.reason for item in assessment.factors}
    assert reasons[Factor.GROUP_SIZE] == "At most 6 people in total, allies included."
    assert reasons[Factor.DURATION] == (
        "Lasts 2 hours 30 minutes, but you can come and go and there is a quiet room."
    )
    assert "pass" in reasons[Factor.INTERACTION]


def test_level_names() -> None:
    assert [level.label for level in ComfortLevel] == [
        "Gentle",
        "Low-key",
        "Moderate",
        "Lively",
        "Busy",
    ]
