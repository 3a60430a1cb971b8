# Programkontor — the two commands that matter are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export PROGRAMKONTOR_DATA_DIR ?= $(CURDIR)/var

.PHONY: run serve test test-fast lint bench bench-quick bench-apps install messages clean

# Each step says what it does and how long it takes on 2 cores (the README has the figures).
$(BIN)/programkontor: pyproject.toml
	@echo "==> Installing Programkontor and its dependencies (about 75 packages) into $(VENV), only the"
	@echo "    first time: about 30 seconds when pip has them cached, longer when it downloads them."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@echo "==> Installed."
	@touch $@

install: $(BIN)/programkontor

## Set up .venv, migrate, load the demo portfolio and serve it on http://$(HOST):$(PORT)
run: install
	@mkdir -p var/static
	@echo "==> Migrating the database (SQLite in $(PROGRAMKONTOR_DATA_DIR)): about 20 seconds the first time, 2 after."
	DEBUG=1 $(BIN)/programkontor migrate --no-input
	@echo "==> Loading the demo portfolio: about 10 seconds the first time, 2 after (it creates nothing twice)."
	DEBUG=1 $(BIN)/programkontor demo --url http://$(HOST):$(PORT)/
	@echo "==> Serving on http://$(HOST):$(PORT)/ (stop with Ctrl-C)."
	DEBUG=1 SITE_URL=http://$(HOST):$(PORT) $(BIN)/programkontor runserver $(HOST):$(PORT)

## The production settings on this machine, on PostgreSQL: scripts/entrypoint.sh serve (migrate,
## collectstatic, check --deploy, gunicorn and the background worker) on http://$(HOST):$(PORT)/healthz.
## Uses DATABASE_URL when set, else creates a database of its own once (scripts/serve-local.sh).
serve: install
	HOST=$(HOST) PORT=$(PORT) scripts/serve-local.sh

## The whole test suite (SQLite by default; set DATABASE_URL for PostgreSQL). About 20 minutes on
## 2 cores; PYTEST_WORKERS sets the number of processes (default 2), PYTEST_ARGS picks tests.
test: install
	@$(if $(PYTEST_ARGS),true,echo "==> The whole suite, $${PYTEST_WORKERS:-2} workers: about 20 minutes on 2 cores.")
	PROGRAMKONTOR_TESTING=1 $(BIN)/pytest -n $${PYTEST_WORKERS:-2} --dist worksteal $(PYTEST_ARGS)

## The suite without the browser tests: the quick loop, e.g. make test-fast PYTEST_ARGS=tests/portfolio
test-fast: install
	PROGRAMKONTOR_TESTING=1 $(BIN)/pytest -n $${PYTEST_WORKERS:-2} --dist worksteal -m "not browser" $(PYTEST_ARGS)

lint: install
	mkdir -p var
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	PROGRAMKONTOR_TESTING=1 $(BIN)/mypy src
	$(BIN)/lint-imports
	$(BIN)/python scripts/code_health.py
	$(BIN)/shellcheck scripts/entrypoint.sh scripts/serve-local.sh
	$(BIN)/hadolint Containerfile
	PROGRAMKONTOR_TESTING=1 $(BIN)/programkontor makemigrations --check --dry-run

## The benchmark that can fail (docs/benchmarks.md): every list page against hand-written SQL, growth
## from 1x to 10x OS2, imports against COPY, a load run on gunicorn; one summary line, exit 1 on a missed
## target. PostgreSQL only: set DATABASE_URL (its _bench twin is used). BENCH_ARGS="--write" updates the doc.
bench: install
	PROGRAMKONTOR_TESTING=1 $(BIN)/python -m benchmarks.suite $(BENCH_ARGS)

## The same checks at 1x and 3x OS2 with shorter runs: under 15 minutes on 2 cores.
bench-quick: install
	PROGRAMKONTOR_TESTING=1 $(BIN)/python -m benchmarks.suite --quick $(BENCH_ARGS)

## The per-app benchmarks (detail, no targets), results in docs/benchmarks-<app>.md
bench-apps: install
	@for module in $$(cd benchmarks && ls *.py | grep -v '^__' | sed 's/\.py$$//'); do \
		echo "==> benchmarks.$$module"; \
		PROGRAMKONTOR_TESTING=1 $(BIN)/python -m benchmarks.$$module $(BENCH_ARGS) || exit 1; \
	done

## Extract and compile the Danish translation
messages: install
	cd src/programkontor && DEBUG=1 ../../$(BIN)/programkontor makemessages -l da --no-obsolete --no-location
	cd src/programkontor && DEBUG=1 ../../$(BIN)/programkontor compilemessages -l da

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache
