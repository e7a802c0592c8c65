# `make run` and `make test` set everything up first (idempotent; quick when nothing changed).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
INTEROP := tests/interop/node_modules/.package-lock.json
E2E := tests/e2e/node_modules/.package-lock.json
WEB_DEPS := web/node_modules/.package-lock.json
WEB_BUILD := web/build/index.html
WEB_SOURCES := $(shell find web/src web/static -type f 2>/dev/null) \
	$(wildcard web/*.js web/*.ts web/*.json)

.PHONY: install system-packages run test lint format bench api-client clean

install: system-packages $(STAMP) $(INTEROP) $(E2E) $(WEB_BUILD)

# Debian packages (Chromium for the end-to-end tests), installed when run as root.
system-packages:
	@tools/install-system-packages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --editable '.[dev]'
	touch $(STAMP)

# The npm Yjs client the interoperability tests drive, and playwright-core for the e2e flows.
$(INTEROP): tests/interop/package-lock.json
	npm ci --prefix tests/interop --no-audit --no-fund --loglevel=error
$(E2E): tests/e2e/package-lock.json
	npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error

# The web app: its typed API client is generated from the committed OpenAPI schema.
$(WEB_DEPS): web/package-lock.json
	npm ci --prefix web --no-audit --no-fund --loglevel=error
$(WEB_BUILD): $(WEB_DEPS) $(WEB_SOURCES)
	npm run --prefix web gen:api
	npm run --prefix web build

# Refresh web/src/lib/api/openapi.json after changing the API (a test fails while it is stale).
api-client: $(STAMP)
	$(BIN)/python -c "from tests.web.test_api_client import current_schema as s; print(s(), end='')" \
		> web/src/lib/api/openapi.json
	npm run --prefix web gen:api

run: install
	$(BIN)/projectflow up $(ARGS)

lint: install
	$(BIN)/ruff format --check src tests bench migrations
	$(BIN)/ruff check src tests bench migrations
	$(BIN)/mypy src
	npm run --prefix web check
	npm run --prefix web lint

test: lint
	npm run --prefix web test:unit
	$(BIN)/pytest

format: install
	$(BIN)/ruff format src tests bench migrations
	$(BIN)/ruff check --fix src tests bench migrations

bench: install
	$(BIN)/python bench/startup.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache src/*.egg-info web/build \
		web/node_modules tests/interop/node_modules tests/e2e/node_modules bench/collab/node_modules
