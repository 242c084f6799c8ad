"""Private links: long random tokens, stored only as their sha256, compared in constant time.

A manage or ally link is the only key a guest has, so it is treated like a password:
``secrets.token_urlsafe(32)`` (256 bits), never stored or logged in the clear.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from typing import Final

TOKEN_BYTES: Final = 32
TOKEN_SHAPE: Final = re.compile(r"[A-Za-z0-9_-]{43}")
"""What ``token_urlsafe(32)`` produces; anything else is not worth a database look-up."""


def new_token() -> tuple[str, str]:
    """A fresh token and the hash to store for it."""

    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    """The sha256 hex digest stored in place of the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def looks_like_token(token: str) -> bool:
    """True when ``token`` has the shape of one we issue."""
    return TOKEN_SHAPE.fullmatch(token) is not None


def token_matches(token: str, stored_hash: str) -> bool:
    """Compare a presented token with a stored hash in constant time."""
    return hmac.compare_digest(hash_token(token), stored_hash)


def new_salt() -> str:
    """A random salt for deriving an ally link (stored; useless without the manage token)."""
    return secrets.token_hex(16)


def derive_ally_token(manage_token: str, salt: str) -> str:
    """The ally link's token, derived from the survivor's manage token.

    Only hashes are stored, yet the survivor's manage page must keep showing the ally
    link to pass on. Deriving it from the manage token (which only the survivor holds)
    lets the page rebuild it, while the database alone can rebuild neither."""
    return keyed_token(manage_token, salt)


def keyed_token(key: str, message: str) -> str:
    """A token rebuilt from a secret ``key`` and a stored ``message``: HMAC-SHA256,
    43 URL-safe characters, the shape of every private link we issue."""
    digest = hmac.new(key.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
