# Programkontor — the two commands that matter are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export PROGRAMKONTOR_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test test-fast lint bench install messages clean

$(BIN)/programkontor: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@

install: $(BIN)/programkontor

## Set up .venv, migrate, load the demo portfolio and serve it on http://$(HOST):$(PORT)
run: install
	mkdir -p var/static
	DEBUG=1 $(BIN)/programkontor migrate --no-input
	DEBUG=1 $(BIN)/programkontor demo
	DEBUG=1 $(BIN)/programkontor runserver $(HOST):$(PORT)

## The whole test suite (SQLite by default; set DATABASE_URL for PostgreSQL)
test: install
	PROGRAMKONTOR_TESTING=1 $(BIN)/pytest -n $${PYTEST_WORKERS:-2} $(PYTEST_ARGS)

## The suite without the browser tests
test-fast: install
	PROGRAMKONTOR_TESTING=1 $(BIN)/pytest -n $${PYTEST_WORKERS:-2} -m "not browser" $(PYTEST_ARGS)

lint: install
	mkdir -p var
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	PROGRAMKONTOR_TESTING=1 $(BIN)/mypy src
	PROGRAMKONTOR_TESTING=1 $(BIN)/programkontor makemigrations --check --dry-run

## Benchmarks on a large synthetic portfolio, one module per app; results in docs/benchmarks*.md
bench: install
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
