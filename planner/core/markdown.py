"""Organisers write Markdown; survivors see sanitised HTML, never raw input."""

from __future__ import annotations

from typing import Final

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True})

ALLOWED_TAGS: Final = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre",
    "h2", "h3", "h4", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES: Final = {"a": {"href", "title"}}


def render_markdown(text: str) -> Markup:
    """Markdown to HTML with only harmless tags; links get ``rel="noopener noreferrer"``."""
    html = _markdown.render(text or "")
    # Headings in descriptions sit under the page's own h2 sections.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 just above
