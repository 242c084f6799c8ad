"""One mailer interface: the console by default (offline), SMTP when configured.

Nothing in the app sends mail directly: changes queue messages in the outbox
(``planner.core.outbox``) inside their own transaction, and the outbox worker
hands them to the mailer chosen here.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol, TextIO
from urllib.parse import parse_qs, unquote, urlsplit

import aiosmtplib

logger = logging.getLogger(__name__)


class Mailer(Protocol):
    """Delivers one message or raises (the outbox retries)."""

    async def send(self, message: EmailMessage) -> None:
        """Deliver ``message``."""
        ...


class ConsoleMailer:
    """Prints each message: the default, so a laptop needs no mail server."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream

    async def send(self, message: EmailMessage) -> None:
        """Write the message to the console."""
        stream = self._stream or sys.stdout
        body = message.get_body(preferencelist=("plain",))
        text = body.get_content() if body is not None else ""
        stream.write(
            f"\n----- mail (console mailer) -----\nTo: {message['To']}\n"
            f"Subject: {message['Subject']}\n\n{text}\n----- end of mail -----\n"
        )
        stream.flush()


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    """Parsed from ``smtp://user:password@host:port?starttls=true`` (or ``smtps://``)."""

    hostname: str
    port: int
    username: str | None
    password: str | None
    use_tls: bool
    start_tls: bool | None
    timeout: float = 15.0

    @classmethod
    def from_url(cls, url: str) -> SmtpSettings:
        """Read an ``smtp://`` or ``smtps://`` URL."""
        parts = urlsplit(url)
        if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
            msg = f"PLANNER_SMTP_URL must look like smtp://user:pass@host:587, not {url!r}"
            raise ValueError(msg)
        query = parse_qs(parts.query)
        starttls = query.get("starttls", [""])[0].lower()
        return cls(
            hostname=parts.hostname,
            port=parts.port or (465 if parts.scheme == "smtps" else 587),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            use_tls=parts.scheme == "smtps",
            # None lets aiosmtplib upgrade when the server offers STARTTLS.
            start_tls={"true": True, "false": False}.get(starttls),
        )


class SmtpMailer:
    """Sends through an SMTP server (aiosmtplib)."""

    def __init__(self, settings: SmtpSettings) -> None:
        self._settings = settings

    async def send(self, message: EmailMessage) -> None:
        """Deliver over SMTP; any failure raises for the outbox to retry."""
        settings = self._settings
        await aiosmtplib.send(
            message,
            hostname=settings.hostname,
            port=settings.port,
            username=settings.username,
            password=settings.password,
            use_tls=settings.use_tls,
            start_tls=settings.start_tls,
            timeout=settings.timeout,
        )


def create_mailer(smtp_url: str) -> Mailer:
    """SMTP when a URL is configured, the console otherwise."""
    if smtp_url:
        return SmtpMailer(SmtpSettings.from_url(smtp_url))
    return ConsoleMailer()
