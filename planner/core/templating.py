"""Jinja2 environment: autoescaped, strict about undefined names, with our filters."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from litestar import Request
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

from planner.core.markdown import render_markdown
from planner.core.settings import Settings

ACCOUNT_STATE_KEY = "planner_account"  # set by planner.accounts.guards

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIR = PROJECT_ROOT / "templates"


def _day(moment: datetime) -> str:
    return f"{moment:%A} {moment.day} {moment:%B %Y}"


def _clock(moment: datetime) -> str:
    return f"{moment:%H:%M}"


def format_when(start: datetime, end: datetime) -> str:
    """'Tuesday 1 December 2026, 10:00 to 11:30 (GMT)'; both times in the event's zone."""
    zone_name = start.tzname() or ""
    if start.date() == end.date():
        return f"{_day(start)}, {_clock(start)} to {_clock(end)} ({zone_name})"
    return f"{_day(start)}, {_clock(start)} to {_day(end)}, {_clock(end)} ({zone_name})"


def format_short_when(start: datetime) -> str:
    """'Tue 1 Dec, 10:00': compact, for cards."""
    return f"{start:%a} {start.day} {start:%b}, {_clock(start)}"


def format_duration(minutes: int) -> str:
    """'1 hour 30 minutes'."""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour" + ("" if hours == 1 else "s"))
    if rest:
        parts.append(f"{rest} minute" + ("" if rest == 1 else "s"))
    return " ".join(parts) or "0 minutes"


def current_account(request: Request[Any, Any, Any]) -> Any:
    """Whoever is signed in (loaded once per request by the app), or None."""
    return request.scope.get("state", {}).get(ACCOUNT_STATE_KEY)


def format_km(distance: float) -> str:
    """'800 m', '3.2 km', '41 km': precise when close, round when far."""
    if distance < 1:
        return f"{max(round(distance * 1000, -2), 100):.0f} m"
    if distance < 10:
        return f"{distance:.1f} km"
    return f"{distance:.0f} km"


def create_environment(settings: Settings) -> Environment:
    """The environment every page renders with."""
    environment = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=settings.app.debug,
    )
    environment.filters.update(
        markdown=render_markdown,
        when=format_when,
        short_when=format_short_when,
        duration=format_duration,
        km=format_km,
        iso_date=lambda moment: moment.date().isoformat(),
    )
    environment.globals.update(
        quick_exit_url=settings.app.quick_exit_url,
        current_account=current_account,
        site_name="Stepwise",
    )
    return environment


def template_config(settings: Settings) -> TemplateConfig[Any]:
    """Litestar's template config built on :func:`create_environment`."""
    environment = create_environment(settings)
    return TemplateConfig(instance=JinjaTemplateEngine.from_environment(environment))
