"""Passwords: Argon2 hashes, a sensible minimum, and no top-30,000 common passwords."""

from __future__ import annotations

from functools import cache
from typing import Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH: Final = 10
MAX_LENGTH: Final = 200

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified against when the email is unknown, so a wrong email costs as long as a
    wrong password and timing doesn't tell anyone who has an account. Made on first
    use: Argon2 takes 64 MiB for a moment, which a worker that only serves pages
    never needs to hold."""
    return _hasher.hash("not a real password, only a timing decoy")


@cache
def _common_passwords() -> frozenset[str]:
    # Imported here: zxcvbn's lists take 12 MB, and only choosing a password needs one.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # noqa: PLC0415

    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str, *, email: str = "") -> str | None:
    """Why a new password can't be used, in plain words; None when it is fine."""
    if len(password) < MIN_LENGTH:
        return f"Please use at least {MIN_LENGTH} characters. A short sentence works well."
    if len(password) > MAX_LENGTH:
        return f"Please use at most {MAX_LENGTH} characters."
    lowered = password.lower()
    if lowered in _common_passwords() or lowered.strip("0123456789!") in _common_passwords():
        return (
            "That password is one of the most common ones. Please choose something less guessable."
        )
    if email and lowered == email.lower():
        return "Please choose a password that isn't your email address."
    return None


def hash_password(password: str) -> str:
    """An Argon2id hash."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; always does the same amount of work."""
    try:
        matches = _hasher.verify(password_hash or _dummy_hash(), password)
        return matches and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with older, weaker parameters."""
    return _hasher.check_needs_rehash(password_hash)
