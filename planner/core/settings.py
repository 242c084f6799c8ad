"""Typed settings read from ``PLANNER_*`` environment variables.

Every field carries a one-line docstring; ``tests/unit/test_settings.py`` checks
that each variable is documented in the README, so the table there stays true.
Defaults work offline on a laptop: a SQLite file under ``./var/``, a secret key
generated once into ``./var/secret_key``, the offline geocoder, the console mailer.
"""

from __future__ import annotations

import ast
import contextlib
import inspect
import itertools
import os
import secrets
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, get_type_hints

ENV_PREFIX = "PLANNER_"
GEOCODER_KINDS = ("offline", "nominatim")


@dataclass(frozen=True, slots=True)
class AppSettings:
    """How the web application behaves."""

    debug: bool = False
    """Show tracebacks in error pages. Never enable in production."""

    secret_key: str = ""
    """Key that signs cookies; generated once into ``<var_dir>/secret_key`` when empty."""

    var_dir: Path = Path("var")
    """Folder for the SQLite database, the generated secret key and other local state."""

    allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "[::1]")
    """Host names the app answers to (comma-separated; the serving port is allowed too)."""

    base_url: str = "http://127.0.0.1:8000"
    """Public address of the site, used in links that leave it (calendars, emails)."""

    quick_exit_url: str = "https://www.bbc.co.uk/weather"
    """Neutral page that the "Quick exit" control replaces Stepwise with."""

    timezone: str = "Europe/London"
    """IANA time zone for dates typed without one (search ``from``/``to``)."""

    retention_days: int = 90
    """Days after a gathering ends that ``planner purge`` keeps its replies and their mail."""


@dataclass(frozen=True, slots=True)
class DatabaseSettings:
    """Where the data lives."""

    url: str = ""
    """SQLAlchemy URL; empty means ``sqlite+aiosqlite:///<var_dir>/stepwise.db``."""

    echo: bool = False
    """Log every SQL statement (for debugging only; never their parameters)."""

    pool_size: int = 10
    """Connections each worker keeps open to PostgreSQL."""

    sqlite_busy_timeout_ms: int = 15_000
    """How long a SQLite writer waits for the write lock before giving up."""

    catalog_cache: bool = True
    """Cache search results and event pages per process, checked against the database."""


@dataclass(frozen=True, slots=True)
class ServerSettings:
    """How ``planner serve`` runs the app."""

    host: str = "127.0.0.1"
    """Address to listen on."""

    port: int = 8000
    """Port to listen on."""

    workers: int = 1
    """Worker processes; more processes serve more traffic (state lives in the database)."""


@dataclass(frozen=True, slots=True)
class MailSettings:
    """How email leaves (always through the outbox)."""

    smtp_url: str = ""
    """SMTP server, e.g. ``smtp://user:pass@mail.example:587``; empty prints mail to the console."""

    mail_from: str = "Stepwise <hello@stepwise.invalid>"
    """The From address of every message."""

    outbox_poll_seconds: float = 5.0
    """How often each app process looks for mail that is due."""

    outbox_worker: bool = True
    """Run the outbox worker inside the app processes (turn off to run it elsewhere)."""


@dataclass(frozen=True, slots=True)
class SecuritySettings:
    """Sessions, rate limits and the stores behind them."""

    redis_url: str = ""
    """Redis for sessions and rate limits shared by all processes; empty: database and memory."""

    session_idle_minutes: int = 120
    """Sign a person out after this long without a request."""

    session_max_hours: int = 24 * 7
    """Sign a person out this long after they signed in, whatever happens."""

    login_attempts_per_minute: int = 10
    """Sign-in, registration and reset attempts allowed per client and per email each minute."""


@dataclass(frozen=True, slots=True)
class GeocoderSettings:
    """How place names become coordinates (DESIGN.md §5, geography)."""

    kind: str = "offline"
    """``offline`` (the shipped GeoNames gazetteer, no network) or ``nominatim``."""

    nominatim_url: str = "https://nominatim.openstreetmap.org"
    """Nominatim server for ``PLANNER_GEOCODER=nominatim`` (scheme and host)."""

    user_agent: str = ""
    """User agent sent to Nominatim, as its usage policy asks; empty means Stepwise + base URL."""

    cache_days: int = 30
    """Days a Nominatim answer is kept in the database before it is asked again."""

    timeout_s: int = 5
    """Seconds to wait for Nominatim before telling the person it is unavailable."""


@dataclass(frozen=True, slots=True)
class ProfileSettings:
    """The comfort profile people can save without an account."""

    cookie_days: int = 365
    """Days the signed comfort-profile cookie is kept by the browser."""


@dataclass(frozen=True, slots=True)
class Settings:
    """All settings, one object per concern."""

    app: AppSettings = field(default_factory=AppSettings)
    db: DatabaseSettings = field(default_factory=DatabaseSettings)
    server: ServerSettings = field(default_factory=ServerSettings)
    mail: MailSettings = field(default_factory=MailSettings)
    security: SecuritySettings = field(default_factory=SecuritySettings)
    geocoder: GeocoderSettings = field(default_factory=GeocoderSettings)
    profile: ProfileSettings = field(default_factory=ProfileSettings)

    @property
    def https(self) -> bool:
        """Served over https: cookies become ``Secure`` and ``__Host-`` prefixed."""
        return self.app.base_url.startswith("https://")

    @property
    def database_url(self) -> str:
        """The configured database URL, or the default SQLite file under ``var_dir``."""
        if self.db.url:
            return self.db.url
        return f"sqlite+aiosqlite:///{(self.app.var_dir / 'stepwise.db').as_posix()}"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read every ``PLANNER_*`` variable; unknown values fall back to the defaults."""
        env = os.environ if environ is None else environ
        groups: dict[str, Any] = {}
        for group_field in fields(cls):
            group_type = _group_types()[group_field.name]
            groups[group_field.name] = _load_group(group_type, group_field.name, env)
        settings = cls(**groups)
        if settings.geocoder.kind not in GEOCODER_KINDS:
            kinds = ", ".join(GEOCODER_KINDS)
            msg = f"PLANNER_GEOCODER must be one of {kinds}, not {settings.geocoder.kind!r}"
            raise ValueError(msg)
        if not settings.app.secret_key:
            secret = load_or_create_secret(settings.app.var_dir)
            settings = replace(settings, app=replace(settings.app, secret_key=secret))
        return settings


def _group_types() -> dict[str, type]:
    return {
        "app": AppSettings,
        "db": DatabaseSettings,
        "server": ServerSettings,
        "mail": MailSettings,
        "security": SecuritySettings,
        "geocoder": GeocoderSettings,
        "profile": ProfileSettings,
    }


def env_name(group: str, name: str) -> str:
    """The environment variable for a field: only database and server fields carry their group."""
    if group in {"app", "security", "mail"}:
        return f"{ENV_PREFIX}{name.upper()}"
    if group == "db":
        return f"{ENV_PREFIX}DATABASE_{name.upper()}"
    if group == "geocoder" and name == "kind":
        return f"{ENV_PREFIX}GEOCODER"  # the name: PLANNER_GEOCODER=offline|nominatim
    return f"{ENV_PREFIX}{group.upper()}_{name.upper()}"


def _load_group(group_type: type, group: str, env: Mapping[str, str]) -> Any:
    hints = get_type_hints(group_type)
    values: dict[str, Any] = {}
    for item in fields(group_type):
        raw = env.get(env_name(group, item.name))
        if raw is None:
            continue
        values[item.name] = _convert(raw, hints[item.name], env_name(group, item.name))
    return group_type(**values)


def _convert(raw: str, kind: Any, name: str) -> Any:
    if kind is bool:
        lowered = raw.strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off", ""}:
            return False
        msg = f"{name} must be true or false, not {raw!r}"
        raise ValueError(msg)
    if kind in {int, float}:
        try:
            return kind(raw)
        except ValueError:
            word = "a whole number" if kind is int else "a number"
            msg = f"{name} must be {word}, not {raw!r}"
            raise ValueError(msg) from None
    if kind is Path:
        return Path(raw)
    if kind == tuple[str, ...]:
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw


def load_or_create_secret(var_dir: Path) -> str:
    """Return the secret stored in ``var_dir``, creating it once (never one per process)."""
    path = var_dir / "secret_key"
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        pass
    var_dir.mkdir(parents=True, exist_ok=True)
    # Write a private temporary file, then link it into place: the link either
    # wins whole or fails because another process (a second worker) won first,
    # so nobody ever reads a half-written key.
    fd, name = tempfile.mkstemp(dir=var_dir, prefix=".secret_key.")  # mode 0600
    temporary = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(48))
        with contextlib.suppress(FileExistsError):
            path.hardlink_to(temporary)
    finally:
        temporary.unlink()
    return path.read_text(encoding="utf-8").strip()


@dataclass(frozen=True, slots=True)
class DocumentedSetting:
    """One environment variable with its default and the docstring of its field."""

    env: str
    default: str
    doc: str


def documented_settings() -> list[DocumentedSetting]:
    """Every setting with its docstring, read from this module's source."""
    result: list[DocumentedSetting] = []
    for group, group_type in _group_types().items():
        docs = _attribute_docstrings(group_type)
        instance = group_type()
        for item in fields(group_type):
            default = getattr(instance, item.name)
            if isinstance(default, tuple):
                default = ",".join(default)
            result.append(
                DocumentedSetting(
                    env=env_name(group, item.name),
                    default=str(default),
                    doc=docs.get(item.name, ""),
                )
            )
    return result


def _attribute_docstrings(cls: type) -> dict[str, str]:
    tree = ast.parse(inspect.getsource(cls))
    body = tree.body[0].body if isinstance(tree.body[0], ast.ClassDef) else []
    docs: dict[str, str] = {}
    for previous, current in itertools.pairwise(body):
        if (
            isinstance(previous, ast.AnnAssign)
            and isinstance(previous.target, ast.Name)
            and isinstance(current, ast.Expr)
            and isinstance(current.value, ast.Constant)
            and isinstance(current.value.value, str)
        ):
            docs[previous.target.id] = current.value.value.strip()
    return docs
