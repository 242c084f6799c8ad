"""Rate limits for sign-in, registration and password resets (the ``limits`` library).

Each attempt counts against the client's address and against the email typed,
whether or not an account exists for it, so limits reveal nothing. In-memory
storage counts per process; set ``PLANNER_REDIS_URL`` to share the counts
between processes (and make them atomic across them).
"""

from __future__ import annotations

from dataclasses import dataclass

from limits import RateLimitItemPerMinute
from limits.aio.storage import Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string


@dataclass(frozen=True, slots=True)
class AuthRateLimiter:
    """One moving-window limit shared by the auth forms."""

    limiter: MovingWindowRateLimiter
    per_minute: int

    async def allow(self, action: str, *, client: str, email: str) -> bool:
        """Count one attempt; False when the client or the email is over the limit."""
        item = RateLimitItemPerMinute(self.per_minute)
        by_client = await self.limiter.hit(item, action, "client", client)
        by_email = await self.limiter.hit(item, action, "email", email.strip().lower())
        return by_client and by_email


def create_rate_limiter(redis_url: str, per_minute: int) -> AuthRateLimiter:
    """Redis-backed when configured, in memory otherwise."""
    if redis_url:
        # redis-py is already a dependency (Litestar's RedisStore uses it for sessions).
        storage = storage_from_string(f"async+{redis_url}", implementation="redispy")
    else:
        storage = storage_from_string("async+memory://")
    assert isinstance(storage, Storage)
    return AuthRateLimiter(MovingWindowRateLimiter(storage), per_minute)
