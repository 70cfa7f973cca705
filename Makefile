# Two entry points (see README): `make run` and `make test`. Everything else is detail.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test setup lint typecheck pytest bench clean

# Set up, load the offline snapshot into an empty tracker.db, fetch when NCBI answers, serve.
run: setup
	$(BIN)/tracker start

test: setup lint typecheck pytest

setup: $(STAMP)

# Reinstall whenever the dependencies change; the stamp keeps repeated runs fast.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/pytest

bench: setup
	$(BIN)/python -m benchmarks.bench_import
	$(BIN)/python -m benchmarks.bench_fetch
	$(BIN)/python -m benchmarks.evaluate_evidence
	$(BIN)/python -m benchmarks.evaluate_checker
	$(BIN)/python -m benchmarks.bench_dashboard

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
