"""Change alerts: after every import and fetch, the run's evidence digest is built, stored
with the run (`fetch_run.counts["digest"]`), and POSTed to the webhook when one is set.

The webhook never fails a run: its outcome ("sent", "failed" with the reason and the number
of attempts, "not configured", "nothing to send") is recorded on the run
(`counts["webhook"]`) and the command's exit code stays what the import or fetch earned.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sqlalchemy import Engine

from tracker import store
from tracker.claims import ClaimDefinition
from tracker.config import Settings
from tracker.digest import STATE_KEY, Digest, build_digest
from tracker.errors import ConfigError
from tracker.store import digests
from tracker.webhook import post_json

log = logging.getLogger("tracker.alerts")


@dataclass(frozen=True, slots=True)
class AlertConfig:
    """Where digests go and which claims they cover (None: every claim)."""

    webhook_url: str | None = field(default=None, repr=False)  # may carry a token: never shown
    watch: frozenset[str] | None = None
    attempts: int = 4
    backoff: float = 1.0  # seconds before the first retry, doubled for each next one
    timeout: float = 10.0
    sleep: Callable[[float], None] | None = field(default=None, repr=False)  # time.sleep


def alert_config(settings: Settings, claims: Sequence[ClaimDefinition]) -> AlertConfig:
    """The alert settings, checked: the watch list against the claim files, the webhook URL
    for its scheme (ConfigError, naming neither the URL nor its token, otherwise)."""
    known = {claim.id for claim in claims}
    watch = frozenset(settings.watch) if settings.watch else None
    unknown = sorted((watch or frozenset()) - known)
    if unknown:
        raise ConfigError(
            f"TRACKER_WATCH names unknown claim(s): {', '.join(unknown)} "
            "(see `tracker claims list`)"
        )
    url = settings.webhook_url.get_secret_value().strip() if settings.webhook_url else None
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError("TRACKER_WEBHOOK_URL must be an http:// or https:// URL")
    return AlertConfig(webhook_url=url or None, watch=watch)


def deliver_digest(engine: Engine, *, run_id: int, config: AlertConfig | None = None) -> Digest:
    """Build run `run_id`'s digest, store it with the run, POST it when a webhook is set."""
    config = config or AlertConfig()
    with store.session_scope(engine) as session:
        digest = build_digest(session=session, run_id=run_id, watch=config.watch)
        digests.add_run_counts(
            session=session,
            run_id=run_id,
            values={"digest": digest.to_json(), STATE_KEY: dict(digest.state)},
        )
    if not config.webhook_url:
        outcome: dict[str, object] = {"status": "not configured"}
    elif not digest.claims:
        outcome = {"status": "nothing to send"}
    else:
        delivery = post_json(
            config.webhook_url,
            digest.to_json(),
            attempts=config.attempts,
            backoff=config.backoff,
            timeout=config.timeout,
            sleep=config.sleep or time.sleep,
        )
        outcome = delivery.to_json()
    problem = None
    if outcome.get("status") == "failed":
        problem = (
            f"digest webhook: not delivered after {outcome['attempts']} attempt(s): "
            f"{outcome['error']}"
        )
        log.error("run %d: %s", run_id, problem)
    with store.session_scope(engine) as session:
        digests.add_run_counts(
            session=session, run_id=run_id, values={"webhook": outcome}, problem=problem
        )
    return dataclasses.replace(digest, delivery=outcome)


def delivery_problem(digest: Digest | None) -> str | None:
    """What went wrong with the digest's webhook, in one line, or None."""
    delivery = digest.delivery if digest else None
    if not delivery or delivery.get("status") != "failed":
        return None
    return (
        f"the digest of run {digest.run_id if digest else '?'} was not delivered to the webhook "
        f"after {delivery.get('attempts')} attempt(s): {delivery.get('error')} "
        "(recorded on the run; the exit code is the run's own)"
    )
