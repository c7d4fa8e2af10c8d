# Pantau: two commands do all the set-up from a fresh clone.
#   make demo   creates .venv, installs Pantau (core only: no torch), runs `pantau demo`
#   make test   installs the dev and transformers extras (torch CPU build), runs the suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
CORE_STAMP := $(VENV)/.pantau-core
DEV_STAMP  := $(VENV)/.pantau-dev

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(CORE_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) install -q -e .
	@touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) install -q -e ".[dev,transformers]"
	@touch $@ $(CORE_STAMP)

demo: $(CORE_STAMP)
	$(BIN)/pantau demo

test: $(DEV_STAMP)
	$(BIN)/python -m pytest -q

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy core pantau collectors nlp reports alerts

bench: $(DEV_STAMP)
	$(BIN)/python bench/import_bench.py

clean:
	rm -rf $(VENV) demo-output .pytest_cache .mypy_cache .ruff_cache
