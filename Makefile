# Stepwise: `make run` serves the demo, `make test` checks everything.
# Both work on a fresh clone: they create .venv and install what they need.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help run test lint types unit e2e bench bench-rsvp clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(RUN_STAMP)

run: $(RUN_STAMP) ## migrate, seed the demo if the database is empty, serve at http://127.0.0.1:8000
	$(BIN)/planner db upgrade
	$(BIN)/planner demo
	$(BIN)/planner serve --host $(HOST) --port $(PORT)

test: lint types ## lint, type-check and run every test (SQLite, PostgreSQL, browser)
	$(BIN)/pytest

lint: $(TEST_STAMP) ## ruff check and ruff format --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(TEST_STAMP) ## mypy, strict
	$(BIN)/mypy

unit: $(TEST_STAMP) ## only the fast tests that need no database
	$(BIN)/pytest tests/unit

e2e: $(TEST_STAMP) ## only the browser tests
	$(BIN)/pytest tests/e2e

bench: $(TEST_STAMP) ## 100,000 gatherings on SQLite and PostgreSQL: search, API and event page against a plain route
	$(BIN)/python -m bench.http_throughput

bench-rsvp: $(TEST_STAMP) ## race 200 RSVPs against a limit of 25 on SQLite and PostgreSQL; print the figures
	$(BIN)/python -m bench.rsvp_concurrency

clean: ## remove the virtual environment and local data (asks nothing: var/ holds the demo database)
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
