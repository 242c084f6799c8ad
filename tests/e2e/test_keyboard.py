"""A keyboard-only journey through the search page (WCAG 2.1.1, 2.4.1, 2.4.3, 3.2.2)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import card_levels, mark_window, total_from_status, window_marker

pytestmark = pytest.mark.e2e


def focused(page: Page) -> str:
    """A short description of the focused element, for readable assertions."""
    description: str = page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) { return "body"; }
            const parts = [el.tagName.toLowerCase()];
            if (el.id) { parts.push("#" + el.id); }
            for (const name of ["class", "name", "value", "type"]) {
                const value = el.getAttribute(name);
                if (value !== null) { parts.push(`[${name}=${value}]`); }
            }
            return parts.join("");
        }"""
    )
    return description


def test_keyboard_journey_through_search(page: Page) -> None:
    page.goto("/events")
    mark_window(page)

    page.keyboard.press("Tab")
    expect(page.locator(".quick-exit")).to_be_focused()
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    assert window_marker(page) == "still here", "following the skip link reloaded the page"

    # Without a saved profile, the first stop offers to save one; then the filters.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Save a comfort profile")).to_be_focused()
    page.keyboard.press("Tab")
    level_group = page.locator("#filter-level")
    any_level = level_group.get_by_role("radio", name="Any level")
    expect(any_level).to_be_focused()
    expect(any_level).to_be_checked()

    # Arrow keys move through a radio group and select as they go: 1, then 2.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    level_2 = level_group.get_by_role("radio", name="2 · Low-key")
    expect(level_2).to_be_checked()

    expect(page).to_have_url(re.compile(r"[?&]level=2(&|$)"))
    total = total_from_status(page)
    assert total > 0, "the demo has gatherings up to level 2"
    expect(page.locator(".results__count")).to_contain_text(f"of {total} gathering")
    levels = card_levels(page)
    assert levels, "results should show cards"
    assert max(levels) <= 2, f"a card above level 2 is shown: {levels}"

    assert window_marker(page) == "still here", "choosing a level reloaded the whole page"
    # WCAG 3.2.2: the update happens elsewhere; focus stays where the person is.
    assert level_2.evaluate("el => el === document.activeElement"), (
        f"focus moved to {focused(page)} after the results updated"
    )

    # The next Tab goes on through the form, not back to the top of the page.
    page.keyboard.press("Tab")
    expect(page.get_by_role("textbox", name="Near (a town or city)")).to_be_focused()


def test_focus_is_always_visible(page: Page) -> None:
    """Every control reached by Tab shows a focus indicator (WCAG 2.4.7)."""
    page.goto("/")
    for _ in range(12):
        page.keyboard.press("Tab")
        outline = page.evaluate(
            """() => {
                const style = getComputedStyle(document.activeElement);
                return [style.outlineStyle, style.outlineWidth];
            }"""
        )
        style, width = outline
        assert style != "none", f"no visible focus on {focused(page)}"
        assert width != "0px", f"no visible focus on {focused(page)}"
