"""The comfort ladder (DESIGN.md §3): an honest level computed from facts.

Organisers never choose a level; they describe the gathering and this pure
function derives it, with a plain-language reason for every factor, so a label
cannot be gamed and a survivor can see *why* a gathering is, say, "Low-key".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Final


class ComfortLevel(IntEnum):
    """The five rungs, gentlest first."""

    GENTLE = 1
    LOW_KEY = 2
    MODERATE = 3
    LIVELY = 4
    BUSY = 5

    @property
    def label(self) -> str:
        """The name people see."""
        return LEVEL_NAMES[self]


LEVEL_NAMES: Final = {
    ComfortLevel.GENTLE: "Gentle",
    ComfortLevel.LOW_KEY: "Low-key",
    ComfortLevel.MODERATE: "Moderate",
    ComfortLevel.LIVELY: "Lively",
    ComfortLevel.BUSY: "Busy",
}


class Noise(StrEnum):
    """How loud the room will be."""

    QUIET = "quiet"
    CONVERSATIONAL = "conversational"
    LIVELY = "lively"
    LOUD = "loud"


class Interaction(StrEnum):
    """What is asked of the people who come."""

    OBSERVE = "observe"
    STRUCTURED = "structured"
    OPEN = "open"
    PERFORMING = "performing"


NOISE_LEVELS: Final = {Noise.QUIET: 1, Noise.CONVERSATIONAL: 2, Noise.LIVELY: 4, Noise.LOUD: 5}
NOISE_WORDS: Final = {
    Noise.QUIET: "quiet",
    Noise.CONVERSATIONAL: "conversational (like a calm café)",
    Noise.LIVELY: "lively",
    Noise.LOUD: "loud",
}
INTERACTION_LEVELS: Final = {
    Interaction.OBSERVE: 1,
    Interaction.STRUCTURED: 2,
    Interaction.OPEN: 3,
    Interaction.PERFORMING: 4,
}
INTERACTION_WORDS: Final = {
    Interaction.OBSERVE: "observing is welcome; nobody has to speak",
    Interaction.STRUCTURED: "structured turn-taking; you can always pass",
    Interaction.OPEN: "open conversation",
    Interaction.PERFORMING: "speaking or performing is expected",
}
# (upper bound inclusive, level); anything above the last bound is level 5.
GROUP_SIZE_BOUNDS: Final = ((4, 1), (8, 2), (15, 3), (30, 4))
DURATION_BOUNDS_MINUTES: Final = ((60, 1), (90, 2), (120, 3), (240, 4))
MAX_LEVEL: Final = 5


class Factor(StrEnum):
    """The facts a level is computed from, in the order they are shown."""

    GROUP_SIZE = "group_size"
    NOISE = "noise"
    DURATION = "duration"
    INTERACTION = "interaction"

    @property
    def label(self) -> str:
        """The heading people see."""
        return FACTOR_LABELS[self]


FACTOR_LABELS: Final = {
    Factor.GROUP_SIZE: "Group size",
    Factor.NOISE: "Noise",
    Factor.DURATION: "Length",
    Factor.INTERACTION: "What is asked of you",
}


@dataclass(frozen=True, slots=True)
class ComfortInputs:
    """The facts an organiser gives about a gathering."""

    capacity: int
    noise: Noise
    duration_minutes: int
    interaction: Interaction
    online_only: bool = False
    come_and_go: bool = False
    quiet_room: bool = False
    scheduled_breaks: bool = False


@dataclass(frozen=True, slots=True)
class FactorLevel:
    """One factor's level and the plain-language reason for it."""

    factor: Factor
    level: int
    reason: str


@dataclass(frozen=True, slots=True)
class ComfortAssessment:
    """The computed level: the highest factor level, with every factor shown."""

    level: ComfortLevel
    factors: tuple[FactorLevel, ...]

    @property
    def by_factor(self) -> dict[Factor, FactorLevel]:
        """The factors keyed by name (for the API's ``comfort_factors``)."""
        return {item.factor: item for item in self.factors}

    @property
    def deciding(self) -> tuple[FactorLevel, ...]:
        """The factors that set the level (the ones at the maximum)."""
        return tuple(item for item in self.factors if item.level == self.level)


def _banded(value: int, bounds: tuple[tuple[int, int], ...]) -> int:
    for upper, level in bounds:
        if value <= upper:
            return level
    return MAX_LEVEL


PLURALS: Final = {"person": "people"}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {PLURALS.get(word, word + 's')}"


def _describe_duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{_plural(hours, 'hour')} {_plural(rest, 'minute')}"
    if hours:
        return _plural(hours, "hour")
    return _plural(rest, "minute")


def group_size_factor(capacity: int, *, online_only: bool) -> FactorLevel:
    """Level from the crowd-size limit (allies included); online lowers it by one."""
    level = _banded(capacity, GROUP_SIZE_BOUNDS)
    reason = f"At most {_plural(capacity, 'person')} in total, allies included"
    if online_only and level > 1:
        level -= 1
        reason += "; online, so one step gentler"
    elif online_only:
        reason += "; online"
    return FactorLevel(Factor.GROUP_SIZE, level, reason + ".")


def noise_factor(noise: Noise, *, online_only: bool = False) -> FactorLevel:
    """Level from how loud the room (or the call) is."""
    place = "The call is" if online_only else "The room is"
    return FactorLevel(Factor.NOISE, NOISE_LEVELS[noise], f"{place} {NOISE_WORDS[noise]}.")


def duration_factor(
    minutes: int, *, come_and_go: bool, quiet_room: bool, scheduled_breaks: bool
) -> FactorLevel:
    """Level from the length; capped at 2 when you can come and go and rest."""
    level = _banded(minutes, DURATION_BOUNDS_MINUTES)
    reason = f"Lasts {_describe_duration(minutes)}"
    rest = [
        name
        for name, present in (("a quiet room", quiet_room), ("scheduled breaks", scheduled_breaks))
        if present
    ]
    if come_and_go and rest and level > 2:
        level = 2
        reason += f", but you can come and go and there {_rest_phrase(rest)}"
    return FactorLevel(Factor.DURATION, level, reason + ".")


def _rest_phrase(rest: list[str]) -> str:
    if len(rest) == 2:
        return f"are {rest[0]} and {rest[1]}"
    return f"is {rest[0]}" if rest[0].startswith("a ") else f"are {rest[0]}"


def interaction_factor(interaction: Interaction) -> FactorLevel:
    """Level from what is asked of attendees."""
    words = INTERACTION_WORDS[interaction]
    return FactorLevel(
        Factor.INTERACTION, INTERACTION_LEVELS[interaction], words[0].upper() + words[1:] + "."
    )


def assess_comfort(inputs: ComfortInputs) -> ComfortAssessment:
    """Compute a gathering's comfort level: the maximum of its factor levels."""
    factors = (
        group_size_factor(inputs.capacity, online_only=inputs.online_only),
        noise_factor(inputs.noise, online_only=inputs.online_only),
        duration_factor(
            inputs.duration_minutes,
            come_and_go=inputs.come_and_go,
            quiet_room=inputs.quiet_room,
            scheduled_breaks=inputs.scheduled_breaks,
        ),
        interaction_factor(inputs.interaction),
    )
    return ComfortAssessment(ComfortLevel(max(item.level for item in factors)), factors)
