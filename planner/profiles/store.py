"""Where comfort profiles are kept.

:class:`ProfileStore` is the interface the pages use. Today there is one store,
:class:`SignedCookieProfileStore`: the profile lives only in the person's own
browser, in a cookie signed with the app's secret (itsdangerous), so nobody can
hand-craft one and the server keeps nothing. An account-backed store (the
profile saved on a member's account) can implement the same interface once
accounts exist.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Final, Protocol, runtime_checkable

from itsdangerous import BadSignature, URLSafeSerializer
from litestar import Request, Response
from litestar.datastructures import Cookie

from planner.profiles.profile import ComfortProfile

COOKIE_NAME: Final = "stepwise_profile"
SIGNING_SALT: Final = "stepwise.comfort-profile"
MAX_COOKIE_BYTES: Final = 3000
"""Well under browsers' 4 KB per cookie, even with every tag chosen."""


@runtime_checkable
class ProfileStore(Protocol):
    """Loads, saves and forgets a person's comfort profile."""

    def load(
        self, request: Request[Any, Any, Any], known_tags: Collection[str]
    ) -> ComfortProfile | None:
        """The profile sent with this request, or ``None`` (none, or not trustworthy)."""
        ...

    def save(self, response: Response[Any], profile: ComfortProfile) -> None:
        """Keep ``profile`` for this person (attached to ``response``)."""
        ...

    def forget(self, response: Response[Any]) -> None:
        """Remove the profile (attached to ``response``)."""
        ...


@dataclass(frozen=True, slots=True)
class SignedCookieProfileStore:
    """The profile in a signed cookie: HttpOnly, SameSite=Lax, Secure over HTTPS.

    A cookie that fails the signature check (edited, or signed with another
    secret) is ignored as if absent: the person simply sees no profile.
    """

    secret_key: str
    max_age_s: int
    secure: bool

    @property
    def _serializer(self) -> URLSafeSerializer:
        return URLSafeSerializer(self.secret_key, salt=SIGNING_SALT)

    def load(
        self, request: Request[Any, Any, Any], known_tags: Collection[str]
    ) -> ComfortProfile | None:
        """The profile sent with this request, if its signature is ours."""
        raw = request.cookies.get(COOKIE_NAME)
        if not raw:
            return None
        try:
            data = self._serializer.loads(raw)
        except (BadSignature, json.JSONDecodeError, UnicodeDecodeError):
            return None
        return ComfortProfile.from_data(data, known_tags)

    def dumps(self, profile: ComfortProfile) -> str:
        """The cookie value for ``profile``."""
        value = self._serializer.dumps(profile.to_data())
        if len(value) > MAX_COOKIE_BYTES:  # only an absurdly long place name gets here
            msg = "comfort profile too large for a cookie"
            raise ValueError(msg)
        return str(value)

    def save(self, response: Response[Any], profile: ComfortProfile) -> None:
        """Set the signed cookie."""
        response.set_cookie(self._cookie(self.dumps(profile), self.max_age_s))

    def forget(self, response: Response[Any]) -> None:
        """Expire the cookie at once."""
        response.set_cookie(self._cookie("", 0))

    def _cookie(self, value: str, max_age: int) -> Cookie:
        return Cookie(
            key=COOKIE_NAME,
            value=value,
            max_age=max_age,
            path="/",
            httponly=True,
            secure=self.secure,
            samesite="lax",
        )
