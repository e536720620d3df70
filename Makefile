# Signpost: `make run` serves the demo, `make test` runs every test. Both set everything up.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PORT ?= 5000
BIN := $(VENV)/bin
# The local demo's address: every emailed link is built from it (production sets its own).
BASE_URL ?= http://127.0.0.1:$(PORT)
SIGNPOST := SIGNPOST_BASE_URL=$${SIGNPOST_BASE_URL:-$(BASE_URL)} \
	SIGNPOST_ALLOWED_HOSTS=$${SIGNPOST_ALLOWED_HOSTS:-localhost} $(BIN)/signpost
POSTGRES_TEST_URL ?= postgresql://127.0.0.1:5432/test

.PHONY: help install assets database run test test-sqlite test-postgres typecheck browser lint bench clean

help:
	@echo "make run   - set up and serve the demo on http://127.0.0.1:$(PORT)"
	@echo "make test  - set up and run the whole test suite (SQLite and PostgreSQL at once)"
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

# The two database passes run at once (a pass is mostly one busy core); make prints each pass's
# output whole when it ends, so they never interleave, and fails if either pass fails.
test: install browser
	$(BIN)/ruff check .
	@echo "== Running the SQLite and PostgreSQL passes and mypy at once; each prints when it ends =="
	@$(MAKE) --no-print-directory -j3 -k --output-sync=target test-sqlite test-postgres typecheck

# mypy: core strictly with no errors, the rest held to mypy-baseline.txt (which may only shrink).
typecheck: install
	@echo "== Type check (mypy) =="
	@$(BIN)/python scripts/typecheck.py

# $(call pytest_pass,NAME,ENV): run the suite under ENV with a heading and a closing line that
# says how it went and how long it took; exit 5 (pytest collected no tests) fails like any other.
# Bytecode is cached even where the environment says not to (PYTHONDONTWRITEBYTECODE): the
# suite starts the app in many processes of its own, and each would compile every module again.
pytest_pass = echo "== Test suite on $(1) =="; start=$$(date +%s); \
	$(2) env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest; status=$$?; seconds=$$(( $$(date +%s) - start )); \
	if [ $$status -eq 0 ]; then echo "== $(1) pass: passed in $$seconds s =="; \
	elif [ $$status -eq 5 ]; then echo "!! $(1) pass FAILED: no tests were collected"; \
	else echo "!! $(1) pass FAILED (pytest exit $$status) after $$seconds s"; fi; \
	exit $$status

test-sqlite:
	@$(call pytest_pass,SQLite,env -u DATABASE_URL)

# In CI the PostgreSQL pass is mandatory; elsewhere it is skipped, loudly, when no server answers.
test-postgres:
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(POSTGRES_TEST_URL)', connect_timeout=3).close()" 2>/dev/null; then \
	  $(call pytest_pass,PostgreSQL ($(POSTGRES_TEST_URL)),DATABASE_URL=$(POSTGRES_TEST_URL)); \
	elif [ -n "$$CI" ]; then \
	  echo "!! PostgreSQL is not reachable at $(POSTGRES_TEST_URL) and CI requires the PostgreSQL pass"; exit 1; \
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
