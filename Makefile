# scp-report: `make build` sets everything up and builds the bundled plan; `make test` tests it.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SCP := $(VENV)/bin/scp
QUARTER ?= Q3-2017/18
# Test workers: one per core (pytest-xdist); each test file runs on one worker, so a
# file's module fixtures (a built PDF, a browser) are made once.
TEST_ARGS ?= -n auto --dist loadfile

.PHONY: build pdf-deps test test-fast test-deps lint bench mutate schema docs clean

# The browser tests (tests/acceptance/test_accessibility.py) need Debian's Chromium and axe-core.
CHROMIUM ?= /usr/bin/chromium
AXE := node_modules/axe-core/axe.min.js
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# What running scp-report needs, and no more.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

# What testing, linting and benchmarks need besides (pytest, Playwright, ruff, mypy...).
$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# The PDF's fonts are cut down by HarfBuzz's subsetter, never by fontTools, so that their
# bytes do not depend on whether the library is there (src/scp_report/render/pdf.py);
# Debian packages it apart from HarfBuzz. Installed with apt-get when it is missing.
pdf-deps:
	@$(PYTHON) -c "import ctypes.util as u, sys; sys.exit(not u.find_library('harfbuzz-subset'))" \
	|| { echo "libharfbuzz-subset is missing: installing Debian's libharfbuzz-subset0"; \
		$(SUDO) apt-get update && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y libharfbuzz-subset0; }

build: $(VENV)/.installed pdf-deps
	$(SCP) validate --strict
	$(SCP) build --quarter $(QUARTER)

test: test-deps
	SCP_CHROMIUM=$(CHROMIUM) $(PY) -m pytest $(TEST_ARGS)

# The tests that need no subprocess corpus and no browser: seconds, for the inner loop.
test-fast: $(VENV)/.installed-dev
	$(PY) -m pytest -m "not slow" $(TEST_ARGS)

# Playwright comes with the venv (dev extras); Chromium from apt when it is missing (no
# browser download); axe-core from the npm registry, at the version package-lock.json pins.
test-deps: $(VENV)/.installed-dev $(AXE) pdf-deps
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "$(CHROMIUM) is missing: installing Debian's chromium"; \
		$(SUDO) apt-get update && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y chromium; \
	fi
	@test -x $(CHROMIUM) || { echo "no Chromium at $(CHROMIUM)" >&2; exit 1; }

$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check src tests bench mutation docs
	$(VENV)/bin/ruff format --check src tests bench mutation docs
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# The docs site (mkdocs, Material theme) into site/, with --strict: a broken link, or a
# reference docs/hooks.py cannot generate from the code, fails it. No network needed.
$(VENV)/.installed-docs: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[docs]'
	touch $@

# NO_MKDOCS_2_WARNING: the Material theme's banner about its future, not about this site.
docs: $(VENV)/.installed-docs
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --site-dir site

schema: $(VENV)/.installed
	$(SCP) schema --out schema

# Benchmarks (no timed tests): medians of fresh processes against floors measured in the
# same run, written to BENCHMARKS.md. BENCH_ARGS=--quick skips the 2000 x 120 plan.
bench: $(VENV)/.installed-dev
	$(PY) bench/run.py $(BENCH_ARGS)

# Mutation testing of the status engine (mutmut; not part of make test): each mutant of
# status/ and model/ (targets, rules, figures, periods) against the engine's test files; writes MUTATION.md and
# fails below 97% per module. MUTATE_ARGS=--keep reuses results for unchanged functions.
mutate: $(VENV)/.installed-dev
	$(PY) mutation/run.py $(MUTATE_ARGS)

clean:
	rm -rf $(VENV) site out/*.html out/*.pdf out/*.csv out/*.json .pytest_cache .mypy_cache .ruff_cache node_modules mutants
