# `make run` and `make test` set everything up first (idempotent; quick when nothing changed).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
INTEROP := tests/interop/node_modules/.package-lock.json

.PHONY: install run test lint format bench clean

install: $(STAMP) $(INTEROP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --editable '.[dev]'
	touch $(STAMP)

# The npm Yjs client the interoperability tests drive.
$(INTEROP): tests/interop/package-lock.json
	npm ci --prefix tests/interop --no-audit --no-fund --loglevel=error

run: install
	$(BIN)/projectflow up $(ARGS)

lint: install
	$(BIN)/ruff format --check src tests bench migrations
	$(BIN)/ruff check src tests bench migrations
	$(BIN)/mypy src

test: lint
	$(BIN)/pytest

format: install
	$(BIN)/ruff format src tests bench migrations
	$(BIN)/ruff check --fix src tests bench migrations

bench: install
	$(BIN)/python bench/startup.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache src/*.egg-info tests/interop/node_modules
