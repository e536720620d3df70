# Signpost: `make run` serves the demo, `make test` runs every test. Both set everything up.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PORT ?= 5000
BIN := $(VENV)/bin
SIGNPOST := $(BIN)/signpost
POSTGRES_TEST_URL ?= postgresql://127.0.0.1:5432/test

.PHONY: help install assets database run test test-sqlite test-postgres browser lint bench clean

help:
	@echo "make run   - set up and serve the demo on http://127.0.0.1:$(PORT)"
	@echo "make test  - set up and run the whole test suite (SQLite, then PostgreSQL)"
	@echo "make lint  - ruff check and format check"
	@echo "make bench - run the benchmark scripts in bench/"

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,prod]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static/dist/.built: node_modules/.installed $(shell find static/src static/js scripts -type f 2>/dev/null)
	npm run --silent build
	@touch $@

install: $(VENV)/.installed assets

assets: static/dist/.built

# Migrate, load the demo borough and build the search index (each step is idempotent).
database: install
	$(SIGNPOST) db upgrade
	$(SIGNPOST) seed demo
	@if $(SIGNPOST) search --help >/dev/null 2>&1; then $(SIGNPOST) search reindex; fi

run: database
	$(SIGNPOST) run --host 127.0.0.1 --port $(PORT)

# Browser tests drive Debian's Chromium; install it when missing (needs root or sudo).
browser:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: install browser
	$(BIN)/ruff check .
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite:
	@echo "== Test suite on SQLite =="
	env -u DATABASE_URL $(BIN)/python -m pytest

# In CI the PostgreSQL pass is mandatory; elsewhere it is skipped, loudly, when no server answers.
test-postgres:
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(POSTGRES_TEST_URL)', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "== Test suite on PostgreSQL ($(POSTGRES_TEST_URL)) =="; \
	  DATABASE_URL=$(POSTGRES_TEST_URL) $(BIN)/python -m pytest; \
	elif [ -n "$$CI" ]; then \
	  echo "PostgreSQL is not reachable at $(POSTGRES_TEST_URL) and CI requires the PostgreSQL pass"; exit 1; \
	else \
	  echo "!! SKIPPED the PostgreSQL pass: no server answers at $(POSTGRES_TEST_URL) (set POSTGRES_TEST_URL)"; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install
	@for script in bench/*.py; do echo "== $$script =="; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) node_modules static/dist instance .pytest_cache
