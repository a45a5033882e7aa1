# Two commands set everything up on a fresh machine with Python 3.11 and make:
#   make run    build the graph on the embedded engine and print a few stored queries
#   make test   install the test tools and run the whole suite (and ruff)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
KG     := $(BIN)/kgbuild

.PHONY: run test lint build check golden clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(KG) build
	$(KG) query run delegation-leads
	$(KG) query run round-timeline
	$(KG) query run payment-history
	$(KG) query run source-disagreements --with-sources

build: $(VENV)/.installed-run
	$(KG) build

check: $(VENV)/.installed-run
	$(KG) check

lint: $(VENV)/.installed-test
	$(BIN)/ruff check kgbuild tests

test: $(VENV)/.installed-test lint
	$(BIN)/python -m pytest

# Rewrite the sums of the golden outputs after a change meant to alter an export or the report.
golden: $(VENV)/.installed-run
	$(BIN)/python tests/golden.py

clean:
	rm -rf $(VENV) graph/dist graph/.dist.* .pytest_cache
