"""Secrets out of every text that leaves the process: messages, log lines, stored run errors.

The NCBI API key is the secret. The client that sends it registers it (`register_secret`), and
`redact` then hides its value wherever it appears, not only after `api_key=` in a URL or form:
NCBI's JSON error bodies name the key (`"api-key":"…"`) and an `<ERROR>` document may quote it.
The boundaries that apply `redact`: the E-utilities client's exceptions, the tracker's loggers
(`get_logger`), the run errors the store writes, the CLI's error lines and the dashboard's runs
page.
"""

from __future__ import annotations

import logging
import re
import threading
import urllib.parse

MASK = "***"

# Any `api_key=` value in a URL or form body, registered or not (a key from elsewhere).
_API_KEY_PARAMETER = re.compile(r"(api_key=)[^&\s\"']+", re.IGNORECASE)

_lock = threading.Lock()
_secrets: set[str] = set()
_secret_pattern: re.Pattern[str] | None = None


def register_secret(value: str | None) -> None:
    """Hide `value` (and its URL-encoded forms) in everything `redact` sees from now on."""
    global _secret_pattern
    if not value or not value.strip():
        return
    forms = {value, urllib.parse.quote(value, safe=""), urllib.parse.quote_plus(value)}
    with _lock:
        if forms <= _secrets:
            return
        _secrets.update(forms)
        # Longest first, so that an encoded form is hidden whole rather than in part.
        alternatives = sorted(_secrets, key=len, reverse=True)
        _secret_pattern = re.compile("|".join(map(re.escape, alternatives)), re.IGNORECASE)


def redact(text: str) -> str:
    """`text` with every registered secret and every `api_key=` value replaced by ***."""
    text = _API_KEY_PARAMETER.sub(r"\g<1>" + MASK, text)
    pattern = _secret_pattern
    return pattern.sub(MASK, text) if pattern is not None else text


def redact_optional(text: str | None) -> str | None:
    return None if text is None else redact(text)


class RedactingFilter(logging.Filter):
    """Rewrites a log record's message with `redact` before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: let the handler report it as logging does
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def get_logger(name: str) -> logging.Logger:
    """`logging.getLogger(name)` with redaction: a logger's filters see only its own records,
    so every module logger of the tracker is made here."""
    logger = logging.getLogger(name)
    if not any(isinstance(existing, RedactingFilter) for existing in logger.filters):
        logger.addFilter(RedactingFilter())
    return logger
