"""Runs: the fetch and import history, who holds the fetch lease, and what each run changed."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import components
from dashboard.data import Reader
from tracker import present
from tracker.digest import Digest
from tracker.store import views

WEBHOOK_WORDS = {
    "sent": "sent to the webhook",
    "failed": "webhook FAILED",
    "not configured": "no webhook set",
    "nothing to send": "nothing to send",
}


def _lease(reader: Reader) -> None:
    now = dt.datetime.now(dt.UTC)
    leases = reader.leases()
    active = [lease for lease in leases if lease.active(now)]
    if not active:
        st.success("No fetch is running: the fetch lease is free.", icon=":material/check_circle:")
    for lease in active:
        st.info(
            f"A fetch holds the lease: {lease.holder} on host {lease.host} (pid {lease.pid}), "
            f"since {lease.acquired_at:%Y-%m-%d %H:%M:%S} UTC; it expires "
            f"{lease.expires_at:%Y-%m-%d %H:%M:%S} UTC unless renewed.",
            icon=":material/hourglass_top:",
        )
    for lease in leases:
        if not lease.active(now):
            st.caption(
                f"An expired lease of {lease.holder} ({lease.host}, pid {lease.pid}) is left "
                "over; the next fetch takes it over."
            )


def _duration(run: views.RunRow) -> str:
    duration = run.duration
    if duration is None:
        return "running" if run.status == "running" else "—"
    seconds = int(duration.total_seconds())
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


def _counts(counts: dict[str, object]) -> str:
    shown = []
    for name in ("records", "new", "updated", "unchanged", "deleted", "skipped"):
        value = counts.get(name)
        if isinstance(value, int) and value:
            shown.append(f"{value:,} {name}")
    return ", ".join(shown) or "—"


def _digest(run: views.RunRow) -> Digest | None:
    data = run.counts.get("digest")
    if not isinstance(data, dict):
        return None  # runs before alerts existed, and snapshot or upgrade runs
    webhook = run.counts.get("webhook")
    return Digest.from_json(data, delivery=webhook if isinstance(webhook, dict) else None)


def _digest_cell(run: views.RunRow) -> str:
    digest = _digest(run)
    if digest is None:
        return "—"
    status = str((digest.delivery or {}).get("status", ""))
    changed = f"{len(digest.claims)} claim(s) changed" if digest.claims else "no changes"
    return f"{changed}; {WEBHOOK_WORDS.get(status, status)}" if status else changed


def _show_digest(run: views.RunRow) -> None:
    digest = _digest(run)
    st.markdown("**Evidence digest of this run**")
    if digest is None:
        st.caption("This run has no digest (digests come with imports and fetches).")
        return
    delivery = dict(digest.delivery or {})
    if delivery.get("status") == "failed":
        st.warning(
            f"The digest was not delivered to the webhook after {delivery.get('attempts')} "
            f"attempt(s): {delivery.get('error')}. The run itself is unaffected.",
            icon="📭",
        )
    elif delivery.get("status") == "sent":
        st.caption(f"Sent to the webhook (attempt {delivery.get('attempts')}).")
    if digest.watched:
        st.caption("Watched claims only: " + ", ".join(digest.watched))
    if not digest.claims:
        st.caption("No claim's evidence changed in this run.")
        return
    # Titles of new studies are record text: shown in a dataframe, never as Markdown.
    st.dataframe(
        [
            {
                "Claim": claim.claim_id,
                "What changed": "; ".join(claim.lines()),
                "New trials and reviews": ", ".join(str(s.pmid) for s in claim.new_studies),
                "Titles": " | ".join(s.title for s in claim.new_studies),
            }
            for claim in digest.claims
        ],
        hide_index=True,
    )


def _run_detail(reader: Reader, run: views.RunRow) -> None:
    st.text(f"Run {run.id} ({run.trigger}, {run.status}): {run.detail or ''}")
    if run.error:
        st.error("Problems reported by this run:")
        st.text(run.error)
    claims = reader.run_claims(run.id)
    if claims:
        st.dataframe(
            [
                {
                    "Claim": c.claim_id,
                    "Status": c.status,
                    # An import searches nothing: a dash, not the grid's "None".
                    "PubMed hits": "—" if c.search_count is None else f"{c.search_count:,}",
                    "New": len(c.new_pmids),
                    "Revised": len(c.revised_pmids),
                    "New PMIDs": ", ".join(str(p) for p in c.new_pmids[:50])
                    + (" …" if len(c.new_pmids) > 50 else ""),
                    "Window end": "—" if c.window_end is None else str(c.window_end),
                    "Error": c.error or "",
                }
                for c in claims
            ],
            hide_index=True,
        )
    else:
        st.caption("This run recorded nothing per claim.")
    _show_digest(run)
    changes = reader.grade_changes(run_id=run.id)
    st.markdown("**Grade changes in this run**")
    if not changes:
        st.caption("No claim changed certainty, verdict or best design.")
        return
    st.dataframe(
        [
            {
                "Claim": c.claim_id,
                "Certainty before": present.certainty_words(c.before["certainty"])
                if "certainty" in c.before
                else "— (new)",
                "Certainty after": present.certainty_words(c.after.get("certainty")),
                "Verdict after": str(c.after.get("verdict", "")),
            }
            for c in changes
        ],
        hide_index=True,
    )


def main() -> None:
    reader = components.reader_or_stop()
    contents = reader.contents()
    st.title("Runs")
    _lease(reader)
    runs = reader.runs()
    if not runs:
        st.info(f"No runs yet. {components.SETUP_STEPS}", icon=":material/explore:")
        st.stop()
    components.sample_notice(contents)
    frame = [
        {
            "Run": run.id,
            "Trigger": run.trigger,
            "Status": run.status,
            "Started": run.started,
            "Duration": _duration(run),
            "Records": _counts(run.counts),
            "Claims": run.claims,
            "New links": run.new_links,
            "Errors": (run.error or "").splitlines()[0] if run.error else "",
            "Digest": _digest_cell(run),
            "Host": f"{run.host or '?'} (pid {run.pid})" if run.pid else run.host or "",
        }
        for run in runs
    ]
    st.dataframe(
        frame,
        hide_index=True,
        column_config={
            "Started": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm:ss", timezone="UTC")
        },
    )
    by_id = {run.id: run for run in runs}
    chosen = st.selectbox(
        "What changed in run",
        list(by_id),
        format_func=lambda i: (
            f"{i}: {by_id[i].trigger}, {by_id[i].status}, {by_id[i].started:%Y-%m-%d %H:%M}"
        ),
    )
    _run_detail(reader, by_id[chosen])


main()
