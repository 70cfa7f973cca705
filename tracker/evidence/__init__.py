"""Per-study assessment and per-claim grading."""
