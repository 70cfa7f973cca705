"""Benchmarks: run with `python -m benchmarks` (all) or `python -m benchmarks.<name>`."""
