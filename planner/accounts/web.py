"""Pages for accounts: register, confirm, sign in and out, passwords, asking to organise."""

from __future__ import annotations

from typing import Annotated, Any, Final

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_303_SEE_OTHER,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_429_TOO_MANY_REQUESTS,
)
from sqlalchemy.ext.asyncio import AsyncSession

from planner.accounts import services
from planner.accounts.guards import start_session
from planner.accounts.models import Account, OrganiserStatus
from planner.accounts.passwords import password_problem
from planner.accounts.ratelimit import AuthRateLimiter
from planner.accounts.sessions import rotate_session
from planner.core.clock import Clock
from planner.core.forms import FormState, read_form, safe_next
from planner.core.settings import Settings
from planner.core.tokens import hash_token
from planner.profiles.store import (
    Adoption,
    ProfileStore,
    SignedCookieProfileStore,
    adopt_at_sign_in,
)
from planner.tags.services import TagVocabulary

SLOW_DOWN: Final = (
    "Let's take a short pause: there have been several attempts just now. "
    "Please try again in a minute."
)
NO_STORE: Final = {"Cache-Control": "no-store"}


def _client(request: Request[Any, Any, Any]) -> str:
    return request.client.host if request.client else "unknown"


def _page(
    name: str, form: FormState | None = None, *, status: int = 200, **context: Any
) -> Template:
    return Template(
        template_name=name,
        context={"form": form or FormState(), **context},
        status_code=status,
        headers=NO_STORE,
    )


def _invalid(name: str, form: FormState, **context: Any) -> Template:
    return _page(name, form, status=HTTP_422_UNPROCESSABLE_ENTITY, **context)


def _links(settings: Settings) -> services.Links:
    return services.Links(settings.app.base_url)


def _signed_in(
    request: Request[Any, Any, Any],
    account: Account,
    target: str,
    browser_profile_store: SignedCookieProfileStore,
    vocabulary: TagVocabulary,
) -> Redirect:
    """The redirect after signing in, with a guest profile from this browser moved
    onto the account when it has none (``/me`` then says so)."""
    adoption = adopt_at_sign_in(request, account, browser_profile_store, vocabulary.order.keys())
    if adoption is Adoption.ADOPTED and target == "/me":
        target = "/me?changed=profile"
    response = Redirect(target, status_code=HTTP_303_SEE_OTHER)
    if adoption.clears_browser:
        browser_profile_store.forget(response)
    return response


class AuthPages(Controller):
    """``/auth/…``: the doors in and out."""

    path = "/auth"
    include_in_schema = False

    @get("/register", name="auth:register")
    async def register_form(self) -> Template:
        """The registration form."""
        return _page("auth/register.html")

    @post("/register")
    async def register(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
        rate_limiter: NamedDependency[AuthRateLimiter],
    ) -> Template | Redirect:
        """Create an account (or quietly email the owner of a known address)."""
        form = await read_form(request)
        email = form.email()
        name = form.require("display_name", "Please tell us what to call you.")
        password = form.value("password")
        if problem := password_problem(password, email=email):
            form.errors["password"] = problem
        if not form.ok:
            return _invalid("auth/register.html", form)
        if not await rate_limiter.allow("register", client=_client(request), email=email):
            form.errors["form"] = SLOW_DOWN
            return _page("auth/register.html", form, status=HTTP_429_TOO_MANY_REQUESTS)
        await services.register(
            db_session,
            email=email,
            display_name=name,
            password=password,
            now=clock.now(),
            links=_links(settings),
        )
        return Redirect("/auth/check-email", status_code=HTTP_303_SEE_OTHER)

    @get("/check-email")
    async def check_email(self) -> Template:
        """The same answer for every registration and every reset request."""
        return _page("auth/check_email.html")

    @get("/confirm/{token:str}")
    async def confirm(
        self,
        token: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> Template:
        """Follow the emailed confirmation link."""
        account = await services.confirm_email(db_session, hash_token(token), clock.now())
        return _page("auth/confirmed.html", confirmed=account is not None)

    @get("/login", name="auth:login")
    async def login_form(
        self,
        next_page: Annotated[str | None, QueryParameter(name="next")] = None,
    ) -> Template:
        """The sign-in form."""
        return _page("auth/login.html", next_page=safe_next(next_page, ""))

    @post("/login")
    async def login(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        rate_limiter: NamedDependency[AuthRateLimiter],
        browser_profile_store: NamedDependency[SignedCookieProfileStore],
        vocabulary: NamedDependency[TagVocabulary],
    ) -> Template | Redirect:
        """Sign in; a fresh session id is issued (never the one the browser brought)."""
        form = await read_form(request)
        next_page = safe_next(form.value("next"), "")
        email = form.email()
        password = form.require("password", "Please enter your password.")
        if not form.ok:
            return _invalid("auth/login.html", form, next_page=next_page)
        if not await rate_limiter.allow("login", client=_client(request), email=email):
            form.errors["form"] = SLOW_DOWN
            return _page(
                "auth/login.html", form, status=HTTP_429_TOO_MANY_REQUESTS, next_page=next_page
            )
        account = await services.authenticate(db_session, email, password)
        if account is None:
            form.errors["form"] = (
                "That email and password don't match an account we can sign in. If you've "
                "just registered, please open the link we emailed you first."
            )
            return _invalid("auth/login.html", form, next_page=next_page)
        start_session(request, account, clock.now())
        rotate_session(request)
        return _signed_in(request, account, next_page or "/me", browser_profile_store, vocabulary)

    @post("/logout")
    async def logout(self, request: Request[Any, Any, Any]) -> Redirect:
        """Sign out: the session is deleted and its id is never valid again."""
        request.clear_session()
        return Redirect("/", status_code=HTTP_303_SEE_OTHER)

    @get("/reset")
    async def reset_request_form(self) -> Template:
        """Ask for a password reset link."""
        return _page("auth/reset_request.html")

    @post("/reset")
    async def reset_request(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
        rate_limiter: NamedDependency[AuthRateLimiter],
    ) -> Template | Redirect:
        """Email a reset link if the account exists; the answer is the same either way."""
        form = await read_form(request)
        email = form.email()
        if not form.ok:
            return _invalid("auth/reset_request.html", form)
        if not await rate_limiter.allow("reset", client=_client(request), email=email):
            form.errors["form"] = SLOW_DOWN
            return _page("auth/reset_request.html", form, status=HTTP_429_TOO_MANY_REQUESTS)
        await services.request_password_reset(
            db_session, email, now=clock.now(), links=_links(settings)
        )
        return Redirect("/auth/check-email", status_code=HTTP_303_SEE_OTHER)

    @get("/reset/{token:str}")
    async def reset_form(
        self,
        token: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> Template:
        """Choose a new password (or learn, kindly, that the link has expired)."""
        usable = await services.reset_token_is_usable(db_session, hash_token(token), clock.now())
        return _page("auth/reset.html", token=token, usable=usable)

    @post("/reset/{token:str}")
    async def reset(
        self,
        token: FromPath[str],
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        browser_profile_store: NamedDependency[SignedCookieProfileStore],
        vocabulary: NamedDependency[TagVocabulary],
    ) -> Template | Redirect:
        """Set the new password, end every session, and sign in afresh."""
        form = await read_form(request)
        password = form.value("password")
        if problem := password_problem(password):
            form.errors["password"] = problem
        if not form.ok:
            return _invalid("auth/reset.html", form, token=token, usable=True)
        account = await services.reset_password(
            db_session, hash_token(token), password, clock.now()
        )
        if account is None:
            return _page("auth/reset.html", form, status=404, token=token, usable=False)
        start_session(request, account, clock.now())
        rotate_session(request)
        return _signed_in(
            request, account, "/me?changed=password", browser_profile_store, vocabulary
        )


class MePages(Controller):
    """``/me/…``: your own account."""

    path = "/me"
    include_in_schema = False

    @get("/", name="me:index")
    async def index(
        self,
        request: Request[Any, Any, Any],
        account: NamedDependency[Account],
        vocabulary: NamedDependency[TagVocabulary],
        profile_store: NamedDependency[ProfileStore],
        changed: Annotated[str | None, QueryParameter()] = None,
    ) -> Template:
        """Your account at a glance, including whether a comfort profile is saved on it."""
        profile = profile_store.load(request, vocabulary.order.keys())
        tag_labels = {tag.key: tag.label for tag in vocabulary.tags}
        return _page(
            "me/index.html",
            me=account,
            changed=changed or "",
            profile_saved=profile is not None,
            profile_words=profile.describe(tag_labels) if profile else [],
        )

    @get("/password")
    async def password_form(self, account: NamedDependency[Account]) -> Template:
        """Change your password."""
        return _page("me/password.html", me=account)

    @post("/password")
    async def change_password(
        self,
        request: Request[Any, Any, Any],
        account: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> Template | Redirect:
        """Check the current password, set the new one, sign out everywhere else."""
        form = await read_form(request)
        current = form.require("current_password", "Please enter your current password.")
        new = form.value("password")
        if problem := password_problem(new, email=account.email):
            form.errors["password"] = problem
        if current and await services.authenticate(db_session, account.email, current) is None:
            form.errors["current_password"] = "That isn't your current password."  # noqa: S105
        if not form.ok:
            return _invalid("me/password.html", form, me=account)
        await services.change_password(db_session, account, new)
        start_session(request, account, clock.now())
        rotate_session(request)
        return Redirect("/me?changed=password", status_code=HTTP_303_SEE_OTHER)

    @get("/organiser")
    async def organiser_form(self, account: NamedDependency[Account]) -> Template:
        """Ask to organise gatherings (a moderator verifies every group)."""
        values = {
            "group_name": account.group_name,
            "group_about": account.group_about,
            "contact": account.group_contact,
        }
        return _page("me/organiser.html", FormState(values=values), me=account)

    @post("/organiser")
    async def request_organiser(
        self,
        request: Request[Any, Any, Any],
        account: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
    ) -> Template | Redirect:
        """Send (or update) the request for verification."""
        form = await read_form(request)
        if account.organiser_status is OrganiserStatus.SUSPENDED:
            form.errors["form"] = "Your organiser account is paused; please contact the moderators."
            return _page("me/organiser.html", form, status=403, me=account)
        group = form.require("group_name", "Please give your group's name.")
        about = form.require("group_about", "Please write a sentence about your group.")
        contact = form.require("contact", "Please give a website or a way to contact you.")
        if len(group) > 120:
            form.errors["group_name"] = "Please keep the name under 120 characters."
        if not form.ok:
            return _invalid("me/organiser.html", form, me=account)
        await services.request_organiser_status(
            db_session, account, group_name=group, group_about=about, contact=contact
        )
        return Redirect("/me?changed=organiser", status_code=HTTP_303_SEE_OTHER)
