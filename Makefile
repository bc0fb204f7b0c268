# scp-report: `make build` sets everything up and builds the bundled plan; `make test` tests it.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SCP := $(VENV)/bin/scp
QUARTER ?= Q3-2017/18

.PHONY: build test lint bench schema clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

build: $(VENV)/.installed
	$(SCP) validate --strict
	$(SCP) build --quarter $(QUARTER)

test: $(VENV)/.installed
	$(PY) -m pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/ruff format --check src tests
	$(VENV)/bin/mypy

schema: $(VENV)/.installed
	$(SCP) schema --out schema

bench: $(VENV)/.installed
	@echo "No benchmarks yet: they arrive with the performance issue."

clean:
	rm -rf $(VENV) out/*.html out/*.pdf .pytest_cache .mypy_cache .ruff_cache
