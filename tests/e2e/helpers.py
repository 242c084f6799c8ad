"""What the browser tests share: axe-core runs with readable reports, and result reading."""

from __future__ import annotations

import re
from typing import Any, Final

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

WCAG_TAGS: Final = ("wcag2a", "wcag2aa", "wcag21aa", "wcag22aa")
"""The success criteria Stepwise promises (DESIGN.md §2.5: WCAG 2.2 AA)."""

LEVEL_IN_BADGE: Final = re.compile(r"Level (\d)")
STATUS_TEXT: Final = re.compile(r"^\s*(\d+) gatherings? found\.\s*$")

_axe = Axe()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now, limited to the WCAG 2.2 A/AA rules."""
    results = _axe.run(
        page,
        options={
            "runOnly": {"type": "tag", "values": list(WCAG_TAGS)},
            "resultTypes": ["violations"],
        },
    )
    response: dict[str, Any] = results.response
    # A typo in a tag would silently select no rules and pass everything.
    assert response["passes"], "axe-core ran no rules at all"
    violations: list[dict[str, Any]] = response["violations"]
    return violations


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """One block per violation: rule id, impact, help link, and each failing node."""
    lines: list[str] = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f"\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(str(node.get("failureSummary", "")).split())
            lines.append(f"    at {target}\n      {node['html'][:160]}\n      {summary}")
    return "\n".join(lines)


def assert_no_axe_violations(page: Page, where: str) -> None:
    """Fail with a report a reader can act on, naming the rule, the impact and the nodes."""
    violations = axe_violations(page)
    assert not violations, (
        f"{len(violations)} accessibility violation(s) on {where}:\n"
        + describe_violations(violations)
    )


def card_levels(page: Page) -> list[int]:
    """The comfort level printed on each result card, in order."""
    badges = page.locator("#results .card .comfort").all_inner_texts()
    levels = []
    for badge in badges:
        found = LEVEL_IN_BADGE.search(badge)
        assert found, f"no level in badge {badge!r}"
        levels.append(int(found.group(1)))
    return levels


def total_from_status(page: Page) -> int:
    """The number the live region announces ("12 gatherings found.")."""
    status = page.locator("#search-status")
    expect(status).to_have_text(STATUS_TEXT)
    found = STATUS_TEXT.match(status.text_content() or "")
    assert found
    return int(found.group(1))


def mark_window(page: Page) -> None:
    """Leave a marker on ``window``: it survives swaps and vanishes on a full page load."""
    page.evaluate("window.__stepwiseMarker = 'still here'")


def window_marker(page: Page) -> str | None:
    """The marker left by :func:`mark_window`, or None after a full page load."""
    marker: str | None = page.evaluate("window.__stepwiseMarker ?? null")
    return marker
