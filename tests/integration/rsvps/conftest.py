"""RSVP tests post forms as a browser with a CSRF cookie does: the token rides along in
the ``X-CSRFToken`` header, as htmx sends it (see ``test_forms_carry_the_csrf_token``)."""

from __future__ import annotations

import pytest

from tests.web import Client, csrf_token


@pytest.fixture
async def client(client: Client) -> Client:
    """The app's test client, holding a CSRF cookie and sending its token."""
    client.headers["x-csrftoken"] = await csrf_token(client)
    return client
