"""Secret tokens in links: long, random, and stored only as a hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def new_token() -> tuple[str, str]:
    """A fresh URL-safe token and the hash to store in its place."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    """SHA-256 of a high-entropy token (a slow password hash would add nothing here)."""
    return hashlib.sha256(token.encode()).hexdigest()


def hashes_match(stored_hash: str, token: str) -> bool:
    """Compare in constant time, so response timing leaks nothing about the stored hash."""
    return hmac.compare_digest(stored_hash, hash_token(token))
