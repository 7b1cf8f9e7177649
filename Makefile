# The two commands of the README: `make demo` and `make test`. Everything installs from pinned files.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock requirements-test.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test lint install install-test bench docs clean help

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==25.3"

$(VENV)/.runtime: $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(STAMP): $(VENV)/.runtime requirements-test.lock
	$(BIN)/pip install --quiet -r requirements-test.lock
	rm -f $(VENV)/.installed-*
	touch $@

install: $(VENV)/.runtime

install-test: $(STAMP)

## demo: simulate the e-mail push, lint and review its KPIs, write the HTML report
demo: install
	$(BIN)/kpiguard demo

## test: install the test dependencies, check the code (ruff), start the services the tests need, run the whole suite
test: install-test lint
	bash scripts/test-services.sh
	. ./.test-services.env && KPIGUARD_STRICT=1 $(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

## lint: check the code with ruff (its configuration is in pyproject.toml)
lint: install-test
	$(BIN)/ruff check src tests bench scripts

## bench: the benchmarks (each compares against a baseline in the same run; the data is generated once in bench/out)
bench: install-test
	$(BIN)/python bench/lint.py
	$(BIN)/python bench/metrics.py
	$(BIN)/python bench/review.py
	$(BIN)/python bench/simulate.py
	@if [ -n "$$KPIGUARD_TEST_PG_URL" ]; then $(BIN)/python bench/postgres.py; else echo "bench/postgres.py: KPIGUARD_TEST_PG_URL is not set (bash scripts/test-services.sh)"; fi

## docs: regenerate docs/rules.md from the rule docstrings
docs: install
	$(BIN)/python -m kpiguard.lint.docs

clean:
	rm -rf $(VENV) .pytest_cache .kpiguard-cache .test-services.env

help:
	@grep -E '^## ' Makefile | sed 's/^## /  make /'
