"""Settings come from the environment and `.env`; the API key never shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.config import DEFAULT_QUERIES_DIR, NCBI_EUTILS_URL, get_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in (
        "TRACKER_DATABASE_URL",
        "NCBI_EMAIL",
        "NCBI_API_KEY",
        "TRACKER_EUTILS_URL",
        "TRACKER_QUERIES_DIR",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_defaults() -> None:
    settings = get_settings()
    assert settings.database_url == "sqlite:///tracker.db"
    assert settings.eutils_url == NCBI_EUTILS_URL
    assert settings.queries_dir == DEFAULT_QUERIES_DIR
    assert settings.ncbi_email is None and settings.api_key() is None


def test_environment_and_dotenv(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("NCBI_EMAIL=curator@example.org\nNCBI_API_KEY=from-dotenv\n")
    monkeypatch.setenv("TRACKER_DATABASE_URL", "sqlite:///other.db")
    monkeypatch.setenv("TRACKER_EUTILS_URL", "http://127.0.0.1:8080/")
    monkeypatch.setenv("TRACKER_QUERIES_DIR", str(tmp_path))
    settings = get_settings()
    assert settings.database_url == "sqlite:///other.db"
    assert settings.ncbi_email == "curator@example.org"
    assert settings.api_key() == "from-dotenv"
    assert settings.eutils_url == "http://127.0.0.1:8080/"
    assert settings.queries_dir == tmp_path


def test_command_line_overrides_win(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_DATABASE_URL", "sqlite:///env.db")
    assert get_settings(database_url="sqlite:///cli.db").database_url == "sqlite:///cli.db"
    assert get_settings(database_url=None).database_url == "sqlite:///env.db"


def test_api_key_is_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NCBI_API_KEY", "s3cret-key-value")
    settings = get_settings()
    assert "s3cret-key-value" not in repr(settings)
    assert "s3cret-key-value" not in str(settings.model_dump())
    assert settings.api_key() == "s3cret-key-value"
