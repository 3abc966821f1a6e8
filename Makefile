# khabar — set-up and everyday commands. `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-dev lint bench clean browser-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q .

install-dev: $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'

## install khabar and analyse the bundled sample article (offline)
demo: install
	$(BIN)/khabar analyze examples/sample.txt --date 2024-03-10 --format text

## install everything the tests need and run them
test: install-dev
	$(BIN)/python -m pytest

bench: install-dev
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache
