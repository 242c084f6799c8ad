"""``/profile``: set, change or forget the comfort profile.

No account is needed: a guest's profile stays in their browser. A signed-in
member's is kept on their account (see :mod:`planner.profiles.store`), and when
the browser still holds a different one from before they signed in, this page
offers to keep that one on the account instead, or to remove it from the browser.
"""

from __future__ import annotations

from typing import Any, Final

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER
from sqlalchemy.ext.asyncio import AsyncSession

from planner.accounts.models import Account
from planner.core.geocoding import PlaceFinder, PlaceLookup
from planner.events.comfort import ComfortLevel
from planner.events.models import AttendanceMode
from planner.events.search import DISTANCE_CHOICES, MAX_WITHIN_KM
from planner.profiles.profile import MAX_HOME_LENGTH, ComfortProfile
from planner.profiles.store import AccountProfileStore, ProfileStore, SignedCookieProfileStore
from planner.tags.services import TagVocabulary

DEFAULT_PROFILE_KM: Final = 15
# The app opts out of CSRF by default (planner/app.py); these forms opt back in.
PRIVATE: Final = {"Cache-Control": "private, no-store", "Vary": "Cookie"}
MODES: Final = (AttendanceMode.IN_PERSON, AttendanceMode.ONLINE)


def _form_context(
    vocabulary: TagVocabulary,
    values: dict[str, Any],
    errors: dict[str, str],
    lookup: PlaceLookup | None = None,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "values": values,
        "errors": errors,
        "lookup": lookup,
        "levels": list(ComfortLevel),
        "tag_groups": vocabulary.groups,
        "distance_choices": DISTANCE_CHOICES,
        "modes": MODES,
        "saved": False,
        "done": "",
        "on_account": False,
        "browser_profile": None,
        "browser_profile_words": [],
        **extra,
    }


def _values_of(profile: ComfortProfile | None) -> dict[str, Any]:
    profile = profile or ComfortProfile()
    return {
        "level": str(profile.max_level or ""),
        "tags": list(profile.tags),
        "home": profile.home or "",
        "within_km": str(profile.within_km or DEFAULT_PROFILE_KM),
        "mode": profile.mode.value if profile.mode else "",
    }


def _read_choices(
    values: dict[str, Any], vocabulary: TagVocabulary, errors: dict[str, str]
) -> tuple[int | None, tuple[str, ...], int | None, AttendanceMode | None]:
    """Level, tags, distance and mode from the form; problems go into ``errors``."""
    level = None
    if values["level"]:
        if values["level"].isdigit() and 1 <= int(values["level"]) <= 5:
            level = int(values["level"])
        else:
            errors["level"] = "Please choose a comfort level from 1 to 5, or no limit."
    tags = tuple(tag for tag in vocabulary.order if tag in values["tags"])
    if len(tags) != len(set(values["tags"])):
        errors["tag"] = "One of those access needs isn't one we know; please choose again."
    within = None
    if values["within_km"]:
        text = values["within_km"]
        if text.isdigit() and 1 <= int(text) <= MAX_WITHIN_KM:
            within = int(text)
        else:
            errors["within_km"] = f"Please choose a distance from 1 to {MAX_WITHIN_KM} km."
    mode = None
    if values["mode"]:
        try:
            mode = AttendanceMode(values["mode"])
        except ValueError:
            errors["mode"] = "Please choose in person, online, or either."
    return level, tags, within, mode


def _other_browser_profile(
    request: Request[Any, Any, Any],
    account: Account | None,
    on_account: ComfortProfile | None,
    browser: SignedCookieProfileStore,
    vocabulary: TagVocabulary,
) -> ComfortProfile | None:
    """A member's browser profile that differs from their account's (else None)."""
    if account is None:
        return None
    in_browser = browser.load(request, vocabulary.order.keys())
    if in_browser is None or in_browser.is_empty or in_browser == on_account:
        return None
    return in_browser


class ProfilePages(Controller):
    """The comfort profile: in a guest's browser, or on a member's account."""

    path = "/profile"
    include_in_schema = False

    @get("/", name="profile:edit")
    async def edit(
        self,
        request: Request[Any, Any, Any],
        vocabulary: NamedDependency[TagVocabulary],
        profile_store: NamedDependency[ProfileStore],
        browser_profile_store: NamedDependency[SignedCookieProfileStore],
        current_account: NamedDependency[Account | None],
    ) -> Template:
        """The profile form, filled with what is saved."""
        profile = profile_store.load(request, vocabulary.order.keys())
        browser_profile = _other_browser_profile(
            request, current_account, profile, browser_profile_store, vocabulary
        )
        done = request.query_params.get("done", "")
        if request.query_params.get("forgotten") == "1":  # the address before ``done``
            done = "forgotten"
        tag_labels = {tag.key: tag.label for tag in vocabulary.tags}
        return Template(
            template_name="profiles/edit.html",
            context=_form_context(
                vocabulary,
                _values_of(profile),
                {},
                saved=profile is not None,
                done=done,
                on_account=current_account is not None,
                browser_profile=browser_profile,
                browser_profile_words=browser_profile.describe(tag_labels)
                if browser_profile
                else [],
            ),
            headers=PRIVATE,
        )

    @post("/", name="profile:save", status_code=HTTP_303_SEE_OTHER)
    async def save(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        vocabulary: NamedDependency[TagVocabulary],
        place_finder: NamedDependency[PlaceFinder],
        profile_store: NamedDependency[ProfileStore],
        current_account: NamedDependency[Account | None],
    ) -> Template | Redirect:
        """Check and keep the profile, then show the search it starts."""
        form = await request.form()
        values: dict[str, Any] = {
            "level": str(form.get("level", "")).strip(),
            "tags": [str(tag) for tag in form.getall("tag", [])],
            "home": " ".join(str(form.get("home", "")).split())[:MAX_HOME_LENGTH],
            "within_km": str(form.get("within_km", "")).strip(),
            "mode": str(form.get("mode", "")).strip(),
        }
        errors: dict[str, str] = {}
        level, tags, within, mode = _read_choices(values, vocabulary, errors)
        lookup = None
        home = home_point = None
        if values["home"]:
            lookup = await place_finder.find(db_session, values["home"])
            if lookup.place is None:
                errors["home"] = (
                    "We couldn't look places up just now. Please try again in a moment, "
                    "or leave the place empty."
                    if lookup.unavailable
                    else f"We couldn't find a place called “{values['home']}”."
                )
            else:
                home, home_point = lookup.place.label, lookup.place.point
        if errors:
            return Template(
                template_name="profiles/edit.html",
                context=_form_context(
                    vocabulary,
                    values,
                    errors,
                    lookup,
                    saved=False,
                    on_account=current_account is not None,
                ),
                status_code=422,
                headers=PRIVATE,
            )
        profile = ComfortProfile(
            max_level=level,
            tags=tags,
            home=home,
            home_point=home_point,
            within_km=within if home else None,
            mode=mode,
        )
        response = Redirect(path="/events", status_code=HTTP_303_SEE_OTHER, headers=PRIVATE)
        if profile.is_empty:
            profile_store.forget(response)
        else:
            profile_store.save(response, profile)
        return response

    @post("/forget", name="profile:forget", status_code=HTTP_303_SEE_OTHER)
    async def forget(self, profile_store: NamedDependency[ProfileStore]) -> Redirect:
        """Remove the profile from the account or this browser; nothing is kept elsewhere."""
        response = Redirect(
            path="/profile?forgotten=1", status_code=HTTP_303_SEE_OTHER, headers=PRIVATE
        )
        profile_store.forget(response)
        return response

    @post("/adopt", name="profile:adopt", status_code=HTTP_303_SEE_OTHER)
    async def adopt(
        self,
        request: Request[Any, Any, Any],
        account: NamedDependency[Account],
        vocabulary: NamedDependency[TagVocabulary],
        browser_profile_store: NamedDependency[SignedCookieProfileStore],
    ) -> Redirect:
        """Keep the browser's profile on the account, in place of the account's own
        ("Keep this profile on my account"); the browser keeps nothing."""
        in_browser = browser_profile_store.load(request, vocabulary.order.keys())
        # Nothing trustworthy to keep (already moved, say, in another tab): just tidy up.
        usable = in_browser is not None and not in_browser.is_empty
        response = Redirect(
            path="/profile?done=adopted" if usable else "/profile",
            status_code=HTTP_303_SEE_OTHER,
            headers=PRIVATE,
        )
        if in_browser is not None and usable:
            store = AccountProfileStore(
                account=account, browser=browser_profile_store, browser_has_cookie=True
            )
            store.save(response, in_browser)
        else:
            browser_profile_store.forget(response)
        return response

    @post("/clear-browser", name="profile:clear-browser", status_code=HTTP_303_SEE_OTHER)
    async def clear_browser(
        self,
        account: NamedDependency[Account],
        browser_profile_store: NamedDependency[SignedCookieProfileStore],
    ) -> Redirect:
        """Remove the profile this browser holds; the account's stays as it is."""
        response = Redirect(
            path="/profile?done=browser-cleared", status_code=HTTP_303_SEE_OTHER, headers=PRIVATE
        )
        browser_profile_store.forget(response)
        return response
