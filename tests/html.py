"""Structural HTML assertions: parse, then select."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag


def parse(html: str) -> BeautifulSoup:
    """Parse a page or fragment."""
    return BeautifulSoup(html, "html.parser")


def one(soup: BeautifulSoup | Tag, selector: str) -> Tag:
    """The single element matching ``selector`` (fails on none or several)."""
    found = soup.select(selector)
    assert len(found) == 1, f"expected one {selector!r}, found {len(found)}"
    return found[0]


def texts(soup: BeautifulSoup | Tag, selector: str) -> list[str]:
    """Whitespace-normalised text of every element matching ``selector``."""
    return [" ".join(element.get_text(" ").split()) for element in soup.select(selector)]


def text_of(element: Tag) -> str:
    """Whitespace-normalised text of one element."""
    return " ".join(element.get_text(" ").split())
