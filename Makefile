# tech-transfer-kg: `make run` builds the district graph and serves it; `make test` checks everything.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STORE ?= var/graph.db
export TTKG_STORE ?= $(STORE)

.PHONY: run install install-test lock check test lint format typecheck pytest browser neo4j neo4j-stop bench notebooks audit clean

# constraints.txt pins every package the install resolves to, so a fresh clone gets the
# versions the tests passed with; `make lock` rewrites it from the current .venv and refuses
# anything but name==version lines from the package index (scripts/lock.py).
PIP_INSTALL := $(BIN)/python -m pip install -q -c constraints.txt

$(VENV)/.installed: pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python scripts/lock.py --check constraints.txt
	$(PIP_INSTALL) -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt $(VENV)/.installed
	$(PIP_INSTALL) -e '.[test]'
	@touch $@

lock: install-test
	$(BIN)/python scripts/lock.py constraints.txt

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

## run: build the district graph into the embedded store and serve it on 127.0.0.1:8000
run: install
	$(BIN)/ttkg --store $(STORE) load data/district data/documents
	$(BIN)/ttkg --store $(STORE) serve

## browser: headless Chromium, its driver and a CJK font (Debian packages) for the browser tests
browser:
	@scripts/install-browser.sh

## neo4j: start the local Neo4j test server (Maven Central, 127.0.0.1:7687) unless it runs
neo4j:
	@scripts/neo4j/start.sh

neo4j-stop:
	@scripts/neo4j/stop.sh

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-test
	$(BIN)/mypy

# Two workers (pytest-xdist); the tests on the one local Neo4j server share its database, so
# they form one group that a single worker runs in turn (tests/conftest.py).
pytest: install-test browser neo4j
	$(BIN)/pytest -n 2 --dist loadgroup

## check: the fast loop (lint, format, types, and the tests that need no Neo4j, browser or big data)
check: lint typecheck
	$(BIN)/pytest -q -n 2 -m "not neo4j and not browser and not slow"

## test: lint, type-check and every test, Neo4j and browser tests included
test: lint typecheck pytest

## bench: the benchmarks in bench/, printed as tables
bench: install-test neo4j
	$(BIN)/python -m bench

## audit: known vulnerabilities of every package pinned in constraints.txt (pip-audit, not part
## of `make test`). It asks PyPI's per-release JSON API, else OSV (api.osv.dev), whichever answers
## first; where neither does it prints "no advisory source reachable: nothing was audited" and
## exits 2, so that nobody takes it for a clean audit. A package the source cannot answer for
## fails the audit too (--strict), and a known vulnerability exits 1.
AUDIT_PROBE := $(BIN)/python -c 'import sys, urllib.request as r; r.urlopen(r.Request(sys.argv[1], \
	data=sys.argv[2].encode() if sys.argv[2:] else None, \
	headers={"Content-Type": "application/json"}), timeout=15)'

audit: install
	@if $(AUDIT_PROBE) https://pypi.org/pypi/pip/24.0/json 2>/dev/null; then source=pypi; \
	elif $(AUDIT_PROBE) https://api.osv.dev/v1/query \
		'{"package": {"name": "pip", "ecosystem": "PyPI"}, "version": "24.0"}' 2>/dev/null; \
	then source=osv; \
	else echo "no advisory source reachable: nothing was audited"; exit 2; fi; \
	$(PIP_INSTALL) -e '.[audit]' && \
	echo "auditing constraints.txt against the $$source advisories" && \
	$(BIN)/pip-audit -r constraints.txt --no-deps --disable-pip --strict \
		--vulnerability-service $$source --progress-spinner off

## notebooks: open Jupyter on notebooks/
notebooks: install
	$(BIN)/python -m pip install -q -e '.[notebooks]'
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
