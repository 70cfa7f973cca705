"""Microneedling Evidence Tracker: the library behind the `tracker` CLI."""
