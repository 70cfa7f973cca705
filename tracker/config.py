"""Settings from the environment and `.env`: one typed object, built on demand.

Nothing here runs at import time; call `get_settings()` (or build `Settings(...)` in tests).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

NCBI_EUTILS_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"

# The claim files ship with the repository, next to the package.
DEFAULT_QUERIES_DIR = Path(__file__).resolve().parent.parent / "queries"


class Settings(BaseSettings):
    """Everything the tracker reads from its environment."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = Field(
        default="sqlite:///tracker.db",
        validation_alias=AliasChoices("TRACKER_DATABASE_URL", "database_url"),
        description="SQLAlchemy URL; a SQLite file in the working directory by default.",
    )
    ncbi_email: str | None = Field(
        default=None,
        validation_alias=AliasChoices("NCBI_EMAIL", "ncbi_email"),
        description="Contact address NCBI asks every E-utilities client to send.",
    )
    # A SecretStr keeps the key out of reprs, logs and tracebacks.
    ncbi_api_key: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("NCBI_API_KEY", "ncbi_api_key"),
        description="Raises NCBI's limit from 3 to 10 requests per second.",
    )
    eutils_url: str = Field(
        default=NCBI_EUTILS_URL,
        validation_alias=AliasChoices("TRACKER_EUTILS_URL", "eutils_url"),
        description="E-utilities base URL; point it at a mirror or a test server.",
    )
    queries_dir: Path = Field(
        default=DEFAULT_QUERIES_DIR,
        validation_alias=AliasChoices("TRACKER_QUERIES_DIR", "queries_dir"),
        description="Folder of claim files (one TOML per claim).",
    )

    # May carry a token in its path: a SecretStr keeps it out of reprs, logs and tracebacks.
    webhook_url: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("TRACKER_WEBHOOK_URL", "webhook_url"),
        description="Where each run's evidence digest is POSTed as JSON (unset: nowhere).",
    )
    # NoDecode: the variable is a comma-separated list of claim ids, not a JSON list.
    watch: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        validation_alias=AliasChoices("TRACKER_WATCH", "watch"),
        description="Claim ids the digest covers, comma-separated (empty: every claim).",
    )

    @field_validator("watch", mode="before")
    @classmethod
    def _split_watch(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    def api_key(self) -> str | None:
        """The raw API key, for the one place that sends it to NCBI."""
        return self.ncbi_api_key.get_secret_value() if self.ncbi_api_key else None


def get_settings(**overrides: object) -> Settings:
    """Build settings from the environment; keyword overrides (e.g. from `--db`) win."""
    given = {key: value for key, value in overrides.items() if value is not None}
    return Settings(**given)  # type: ignore[arg-type]
