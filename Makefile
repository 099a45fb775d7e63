# tidings: `make run` opens the reader on ./feeds.yaml, `make test` runs lint and tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint fetch screenshot bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/tidings --config feeds.yaml

fetch: $(STAMP)
	$(BIN)/tidings --config feeds.yaml fetch

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

test: lint
	$(BIN)/python -m pytest

screenshot: $(STAMP)
	$(BIN)/python bench/screenshot.py docs/screenshot.svg

clean:
	rm -rf $(VENV) build dist .pytest_cache
