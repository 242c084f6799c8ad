"""People to import as: the organiser tests' cast (every role, each able to sign in)."""

from __future__ import annotations

from tests.integration.organiser.conftest import cast

__all__ = ["cast"]
