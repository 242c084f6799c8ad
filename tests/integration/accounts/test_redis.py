"""With PLANNER_REDIS_URL, sessions and rate limits live in a real Redis on loopback."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from sqlalchemy.ext.asyncio import AsyncEngine

from planner.accounts.ratelimit import create_rate_limiter
from planner.app import create_app
from planner.core.clock import FixedClock
from planner.core.settings import Settings
from tests.conftest import IN_CI, TEST_HOST
from tests.integration.accounts.test_auth import register_and_confirm, sign_in, signed_in_name
from tests.web import submit

REDIS_URL = os.environ.get("PLANNER_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
async def redis_url() -> AsyncIterator[str]:
    """A reachable Redis database for this test, emptied afterwards."""
    client = Redis.from_url(REDIS_URL)
    try:
        await client.ping()  # type: ignore[misc]  # redis-py types ping() for sync and async
    except (RedisConnectionError, OSError) as error:
        await client.aclose()
        if IN_CI:
            pytest.fail(f"Redis is required in CI but unreachable at {REDIS_URL}: {error}")
        pytest.skip(f"Redis not reachable at {REDIS_URL}; set PLANNER_TEST_REDIS_URL")
    try:
        yield REDIS_URL
    finally:
        await client.flushdb()
        await client.aclose()


async def test_sessions_are_kept_in_redis(
    redis_url: str, settings: Settings, clock: FixedClock, clean_database: AsyncEngine
) -> None:
    app: Litestar = create_app(
        replace(settings, security=replace(settings.security, redis_url=redis_url)), clock=clock
    )
    redis = Redis.from_url(redis_url)
    try:
        async with AsyncTestClient(app=app, base_url=f"http://{TEST_HOST}") as client:
            await register_and_confirm(client, clean_database)
            session_id = await sign_in(client)
            keys = [key.decode() for key in await redis.keys("*")]
            assert any(session_id in key for key in keys), keys
            assert await signed_in_name(client) == "Sam"

            await submit(client, "/auth/logout", {}, page="/me")
            keys = [key.decode() for key in await redis.keys("*")]
            assert not any(session_id in key for key in keys)
    finally:
        await redis.aclose()


async def test_rate_limits_are_shared_between_processes(redis_url: str) -> None:
    # Two limiters stand for two worker processes: the count is one.
    first, second = create_rate_limiter(redis_url, 4), create_rate_limiter(redis_url, 4)
    email = f"{uuid.uuid4().hex}@example.org"
    results = [
        await limiter.allow("login", client="203.0.113.9", email=email)
        for limiter in (first, second, first, second, first)
    ]
    assert results == [True, True, True, True, False]
