"""Small helpers for HTML forms: read the posted fields, keep what was typed.

Forms are plain ``<form method="post">`` (htmx only enhances them). A handler
reads the fields with :func:`read_form`, validates them into an ``errors`` dict
keyed by field name, and on error re-renders the page with status 422, the
person's input and a message beside each field (see ``templates/_forms.html``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import urlsplit

from litestar import Request

EMAIL_PATTERN: Final = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(slots=True)
class FormState:
    """What was typed and what is wrong with it."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def value(self, name: str) -> str:
        """The stripped text of a field ('' when absent)."""
        return self.values.get(name, "").strip()

    def checked(self, name: str) -> bool:
        """True when a checkbox was ticked."""
        return name in self.values

    def require(self, name: str, message: str) -> str:
        """The field's text, recording ``message`` when it is empty."""
        text = self.value(name)
        if not text:
            self.errors.setdefault(name, message)
        return text

    def email(self, name: str = "email") -> str:
        """A plausible email address (the confirmation email proves the rest)."""
        text = self.require(name, "Please enter your email address.")
        if text and not EMAIL_PATTERN.match(text):
            self.errors.setdefault(name, "Please enter an email address like name@example.org.")
        return text.lower()

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.errors


async def read_form(request: Request[Any, Any, Any]) -> FormState:
    """The posted fields (the last value of each; passwords are never echoed back)."""
    form = await request.form()
    return FormState(values={key: str(value) for key, value in form.items()})


def safe_next(target: str | None, default: str = "/") -> str:
    """A redirect target on this site only (no scheme, no host, no '//')."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target
