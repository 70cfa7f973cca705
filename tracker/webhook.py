"""POST a JSON document to a webhook, with bounded retries and exponential backoff.

A webhook URL often carries a token in its path (chat and automation services work that way),
so the URL is never logged, stored or put in an error message: failures are described by
what happened ("HTTP 500", "connection refused", "timed out") and nothing else.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import requests

log = logging.getLogger("tracker.webhook")

USER_AGENT = "microneedling-evidence-tracker (digest webhook)"


@dataclass(frozen=True, slots=True)
class Delivery:
    delivered: bool
    attempts: int
    error: str | None = None  # the last failure, described without the URL
    status: int | None = None  # the last HTTP status, when there was a response

    def to_json(self) -> dict[str, object]:
        return {
            "status": "sent" if self.delivered else "failed",
            "attempts": self.attempts,
            "error": self.error,
            "http_status": self.status,
        }


def _describe(exc: requests.RequestException) -> str:
    if isinstance(exc, requests.Timeout):
        return "timed out"
    if isinstance(exc, requests.ConnectionError):
        text = str(exc).lower()
        return "connection refused" if "refused" in text else "connection failed"
    return type(exc).__name__


def post_json(
    url: str,
    payload: Mapping[str, object],
    *,
    attempts: int = 4,
    backoff: float = 1.0,
    max_backoff: float = 8.0,
    timeout: float = 10.0,
    sleep: Callable[[float], None] = time.sleep,
) -> Delivery:
    """POST `payload` as JSON; retry connection errors, timeouts, 429 and 5xx.

    Waits `backoff`, then twice as long each time (at most `max_backoff`) between `attempts`
    tries. A 2xx answer is delivered; another 4xx will not fix itself and is not retried.
    Never raises for network trouble: the caller records the returned `Delivery`.
    """
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT}
    error: str | None = None
    status: int | None = None
    attempt = 0
    for attempt in range(1, attempts + 1):
        try:
            response = requests.post(
                url, data=body, headers=headers, timeout=timeout, allow_redirects=False
            )
        except requests.RequestException as exc:
            error, status = _describe(exc), None
        else:
            status = response.status_code
            response.close()
            if 200 <= status < 300:
                return Delivery(True, attempt, None, status)
            error = f"HTTP {status}"
            if status < 500 and status != 429:
                break
        log.warning("digest webhook attempt %d of %d failed: %s", attempt, attempts, error)
        if attempt < attempts:
            sleep(min(max_backoff, backoff * 2 ** (attempt - 1)))
    return Delivery(False, attempt, error, status)
