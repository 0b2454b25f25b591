# Jisr — the two commands of the quick start are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Debian packages the suite and the demo need: a real browser for the browser tests,
# gettext for the translation catalogues, fonts and pango for Arabic PDF exports, nginx for
# the TLS proxy test, poppler-utils (pdftotext) for the tests that read a PDF back.
DEB_PACKAGES := chromium gettext fonts-noto-core fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 nginx-light poppler-utils

.PHONY: run test test-fast lint format messages system-deps bench compile clean

$(STAMP): pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Install the Debian packages above when one is missing (needs root or sudo).
system-deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO="sudo"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

## Start the two-node demo: MA-DGSN on :8001 (var/ma) and FR-DGPN on :8002 (var/fr).
run: $(STAMP)
	$(BIN)/jisr demo --base var

## The whole suite, browser tests included.
test: $(STAMP) system-deps
	$(BIN)/python -m pytest -q -n 2

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not browser and not slow"

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src/jisr

format: $(STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

## Refresh every app's translation catalogues (then fill in the new msgstr and run it again).
messages: $(STAMP) system-deps
	$(BIN)/python -m jisr.core.i18n_tools refresh

bench: $(STAMP)
	bash bench/run_all.sh

## Compile the matching engine again after editing it (mypyc, optional: see setup.py).
## Until then the edited modules are newer than their compiled copies and run as Python.
compile: $(STAMP)
	$(BIN)/python -m pip install --quiet --no-deps -e .

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
