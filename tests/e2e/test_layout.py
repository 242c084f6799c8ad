"""Layout a person can live with: nothing cut off or overlapping, on a desktop, a 320 px
phone and in dark mode. Full-page screenshots land in ``tests/e2e/screenshots/`` for a
human to look at (they are gitignored)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import FloatRect, Page

pytestmark = pytest.mark.e2e

EVENT_PAGE = "{event}"
PAGES = {
    "home": "/",
    "events": "/events",
    "events-near": "/events?near=Leeds&within_km=15&level=2&sort=distance",
    "event": EVENT_PAGE,
    "profile": "/profile",
}
VIEWS = {"desktop": "page", "phone": "phone_page", "dark": "dark_page"}


def overlap(a: FloatRect, b: FloatRect) -> bool:
    """True when two bounding boxes share any area."""
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def header_boxes(page: Page) -> list[tuple[str, FloatRect]]:
    """Bounding boxes of everything visible in the header: brand and navigation links."""
    boxes: list[tuple[str, FloatRect]] = []
    for locator in page.locator(".site-header a").all():
        box = locator.bounding_box()
        if box is not None:
            boxes.append((locator.inner_text(), box))
    return boxes


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("name", list(PAGES))
def test_page_layout_and_screenshot(
    request: pytest.FixtureRequest, screenshot_dir: Path, event_slug: str, view: str, name: str
) -> None:
    page: Page = request.getfixturevalue(VIEWS[view])
    path = f"/events/{event_slug}" if PAGES[name] == EVENT_PAGE else PAGES[name]
    page.goto(path)

    # WCAG 1.4.10 reflow: no sideways scrolling, even at 320 px.
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{path} scrolls sideways in {view}: {widths}"

    # The fixed quick exit never covers the brand or the navigation.
    exit_box = page.locator(".quick-exit").bounding_box()
    assert exit_box is not None
    for text, box in header_boxes(page):
        assert not overlap(exit_box, box), f"Quick exit covers {text!r} on {path} ({view})"

    page.screenshot(path=screenshot_dir / f"{name}-{view}.png", full_page=True)


FOCUS_COVERED_BY = """() => {
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) { return null; }
    const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
    const top = document.elementFromPoint(x, y);
    if (top === null || top === el || el.contains(top) || top.contains(el)) { return null; }
    const label = el.closest("label");
    if (label !== null && label.contains(top)) { return null; }
    return `${el.outerHTML.slice(0, 80)} is under ${top.outerHTML.slice(0, 80)}`;
}"""


@pytest.mark.parametrize("view", ["page", "phone_page"])
def test_focus_is_never_hidden_under_the_top_bar(request: pytest.FixtureRequest, view: str) -> None:
    """WCAG 2.4.11: the sticky header and quick-exit bar never cover what has focus,
    going forwards or backwards through the search page."""
    page: Page = request.getfixturevalue(view)
    page.goto("/events")
    for key in ["Tab"] * 45 + ["Shift+Tab"] * 25:
        page.keyboard.press(key)
        covered = page.evaluate(FOCUS_COVERED_BY)
        assert covered is None, f"after {key}: {covered}"
