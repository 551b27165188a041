# The two commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
OUT := out/example

.PHONY: demo test lint bench quality model browser clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.dev: $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

## Build the graph of the bundled example corpus and print where it is.
demo: $(VENV)/.installed
	$(BIN)/kg build examples/abstracts.jsonl -o $(OUT)

## Install with the dev extras and run the whole test suite.
test: $(VENV)/.dev
	$(BIN)/python -m pytest

lint: $(VENV)/.dev
	$(BIN)/ruff check kg tests benchmarks
	$(BIN)/ruff format --check kg tests benchmarks
	$(BIN)/mypy

bench: $(VENV)/.installed
	OMP_NUM_THREADS=1 $(BIN)/python benchmarks/throughput.py

## Regenerate docs/quality.md (scores on the gold files and corpora, speed).
DATA ?= ../shared/data
quality: $(VENV)/.installed
	OMP_NUM_THREADS=1 $(BIN)/python benchmarks/quality.py --data $(DATA)

## Retrain the shipped entity recogniser (kg/models/ner) from kg/training/tagger.cfg.
model: $(VENV)/.installed
	$(BIN)/kg train $(DATA) --work out/training

## Headless Chromium for the browser tests (Debian; needs root).
browser:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

clean:
	rm -rf $(VENV) out
