"""Where comfort profiles are kept.

:class:`ProfileStore` is the interface the pages use, and :func:`store_for` picks
one per request:

- a guest's profile lives only in their own browser,
  :class:`SignedCookieProfileStore`: a cookie signed with the app's secret
  (itsdangerous), so nobody can hand-craft one and the server keeps nothing;
- a signed-in member's profile lives on their account,
  :class:`AccountProfileStore` (``accounts.comfort_profile``), so it follows them
  to any device and leaves nothing behind on a shared computer: saving there
  also clears any profile cookie this browser holds.

Where the two meet (a guest with a cookie profile signs in) is
:func:`adopt_at_sign_in`: the account takes the browser's profile when it has
none; otherwise the browser's copy waits on ``/profile`` for the member to
choose. Profiles are never logged and never leave the member's own pages.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final, Protocol, runtime_checkable

from itsdangerous import BadSignature, URLSafeSerializer
from litestar import Request, Response
from litestar.datastructures import Cookie

from planner.accounts.models import Account
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

    @staticmethod
    def has_cookie(request: Request[Any, Any, Any]) -> bool:
        """True when the browser sent a profile cookie at all (trusted or not)."""
        return bool(request.cookies.get(COOKIE_NAME))

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


@dataclass(frozen=True, slots=True)
class AccountProfileStore:
    """The profile on a signed-in member's account (``Account.comfort_profile``).

    Changes are made on the request's account row, so they commit with the
    request's write transaction. The browser is only ever *cleared*: saving or
    forgetting expires a profile cookie it still holds, so signing out on a
    shared computer leaves no trace of the profile behind.
    """

    account: Account
    browser: SignedCookieProfileStore
    browser_has_cookie: bool = False

    def load(
        self, request: Request[Any, Any, Any], known_tags: Collection[str]
    ) -> ComfortProfile | None:
        """The account's profile (never the browser's cookie)."""
        if self.account.comfort_profile is None:
            return None
        return ComfortProfile.from_data(self.account.comfort_profile, known_tags)

    def save(self, response: Response[Any], profile: ComfortProfile) -> None:
        """Keep ``profile`` on the account, and nothing of it in the browser."""
        self.account.comfort_profile = profile.to_data()
        self._clear_browser(response)

    def forget(self, response: Response[Any]) -> None:
        """Remove the profile from the account (and any copy from the browser)."""
        self.account.comfort_profile = None
        self._clear_browser(response)

    def _clear_browser(self, response: Response[Any]) -> None:
        if self.browser_has_cookie:
            self.browser.forget(response)


def store_for(
    request: Request[Any, Any, Any], account: Account | None, browser: SignedCookieProfileStore
) -> ProfileStore:
    """The account's store for a signed-in member, the browser's for a guest."""
    if account is None:
        return browser
    return AccountProfileStore(
        account=account, browser=browser, browser_has_cookie=browser.has_cookie(request)
    )


class Adoption(StrEnum):
    """What signing in did with a profile the browser held."""

    NOTHING = "nothing"
    """The browser sent no profile cookie."""
    UNREADABLE = "unreadable"
    """The cookie was not one we can trust (or held nothing): it is cleared."""
    ADOPTED = "adopted"
    """The account had none, so it now keeps the browser's (and the cookie is cleared)."""
    ALREADY_THERE = "already_there"
    """The account already kept the same profile; the browser's copy is cleared."""
    BOTH_KEPT = "both_kept"
    """The two differ: the account's is used, and ``/profile`` asks which to keep."""

    @property
    def clears_browser(self) -> bool:
        """True when the browser's profile cookie should now be expired."""
        return self in {Adoption.UNREADABLE, Adoption.ADOPTED, Adoption.ALREADY_THERE}


def adopt_at_sign_in(
    request: Request[Any, Any, Any],
    account: Account,
    browser: SignedCookieProfileStore,
    known_tags: Collection[str],
) -> Adoption:
    """Move a guest's browser profile onto the account they are signing in to.

    Only when the account has no profile of its own: a profile a member saved on
    their account is never replaced without asking. The caller expires the cookie
    on its response when :attr:`Adoption.clears_browser` says so.
    """
    if not browser.has_cookie(request):
        return Adoption.NOTHING
    in_browser = browser.load(request, known_tags)
    if in_browser is None or in_browser.is_empty:
        return Adoption.UNREADABLE
    on_account = (
        ComfortProfile.from_data(account.comfort_profile, known_tags)
        if account.comfort_profile is not None
        else None
    )
    if on_account is None:
        account.comfort_profile = in_browser.to_data()
        return Adoption.ADOPTED
    if on_account == in_browser:
        return Adoption.ALREADY_THERE
    return Adoption.BOTH_KEPT
