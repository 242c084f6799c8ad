"""Private links never reach a log: their tokens are replaced before anything is written.

A manage or ally link is the only key a guest has, and a calendar feed's address
shows a person's gatherings. Error logs and (if one is ever
turned on) access logs pass paths through :func:`redact_path` first.
"""

from __future__ import annotations

import re
from typing import Final

REDACTED: Final = "[redacted]"
PRIVATE_PATH: Final = re.compile(r"(/(?:api/v1/)?(?:rsvps|ally|calendar)/)[^/?#\s]+")


def redact_path(path: str) -> str:
    """``/rsvps/<token>/cancel`` → ``/rsvps/[redacted]/cancel`` (any private-link path)."""
    return PRIVATE_PATH.sub(rf"\g<1>{REDACTED}", path)
