# The two commands the README promises: `make run` and `make test`.
# Each creates the virtual environment itself on a fresh machine (Python >= 3.11 only).
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: run test lint bench score clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/planwatch demo

test: $(STAMP) lint
	$(BIN)/python -m pytest -n 2

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/extraction.py

score: $(STAMP)
	$(BIN)/python tests/eval/score.py --gold tests/gold --corpus src/planwatch/examples --run '$(BIN)/planwatch extract {path} --format json'

clean:
	rm -rf $(VENV) build dist *.egg-info
