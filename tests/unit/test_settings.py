"""Settings: read from PLANNER_* variables, every one documented in the README."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from planner.core.settings import Settings, documented_settings, load_or_create_secret

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_setting_has_a_docstring_and_a_readme_row() -> None:
    readme = README.read_text(encoding="utf-8")
    settings = documented_settings()
    assert len(settings) >= 10
    for setting in settings:
        assert setting.doc, f"{setting.env} has no docstring"
        assert f"| `{setting.env}` |" in readme, f"{setting.env} is missing from the README table"


def test_defaults_work_offline(tmp_path: Path) -> None:
    settings = Settings.from_env({"PLANNER_VAR_DIR": str(tmp_path)})
    assert settings.database_url == f"sqlite+aiosqlite:///{tmp_path.as_posix()}/stepwise.db"
    assert settings.app.debug is False
    assert len(settings.app.secret_key) >= 40
    assert (tmp_path / "secret_key").read_text(encoding="utf-8") == settings.app.secret_key


def test_values_are_converted(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "PLANNER_VAR_DIR": str(tmp_path),
            "PLANNER_DEBUG": "yes",
            "PLANNER_SECRET_KEY": "given",
            "PLANNER_ALLOWED_HOSTS": "stepwise.example, www.stepwise.example",
            "PLANNER_DATABASE_URL": "postgresql+asyncpg://db/stepwise",
            "PLANNER_DATABASE_POOL_SIZE": "20",
            "PLANNER_SERVER_WORKERS": "4",
        }
    )
    assert settings.app.debug is True
    assert settings.app.secret_key == "given"
    assert settings.app.allowed_hosts == ("stepwise.example", "www.stepwise.example")
    assert settings.database_url == "postgresql+asyncpg://db/stepwise"
    assert settings.db.pool_size == 20
    assert settings.server.workers == 4
    assert not (tmp_path / "secret_key").exists()  # a given secret is never written


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("PLANNER_DEBUG", "maybe", "true or false"),
        ("PLANNER_SERVER_PORT", "eighty", "whole number"),
    ],
)
def test_bad_values_are_explained(name: str, value: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        Settings.from_env({name: value, "PLANNER_SECRET_KEY": "x"})


def test_secret_is_generated_once_even_by_racing_processes(tmp_path: Path) -> None:
    with ProcessPoolExecutor(max_workers=4) as pool:
        secrets = set(pool.map(load_or_create_secret, [tmp_path] * 8))
    assert len(secrets) == 1
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == oct(0o600)
