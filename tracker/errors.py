"""Exceptions that the CLI turns into one clean line and an exit code."""

from __future__ import annotations

# Exit codes shared by every command; scheduled jobs rely on them (see README).
EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_USAGE = 2
EXIT_TEMPFAIL = 75  # EX_TEMPFAIL from sysexits.h: cron wrappers retry later


class TrackerError(Exception):
    """An expected failure with a message fit to show a user as is."""

    exit_code: int = EXIT_USAGE


class ConfigError(TrackerError):
    """Bad settings, bad claim files, bad command-line input."""


class TemporaryFailure(TrackerError):
    """Network down, NCBI unavailable, fetch lease held: try again later."""

    exit_code = EXIT_TEMPFAIL
