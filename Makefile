# The two commands the README promises: `make run` and `make test`.
# Each creates the virtual environment itself on a fresh machine (Python >= 3.11 only).
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: run test lint bench score clean browser-deps circular-deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@# An editable install compiles nothing: without this, a shell that sets
	@# PYTHONDONTWRITEBYTECODE recompiles every module of planwatch on every command (~50 ms).
	$(BIN)/python -m compileall -q src >/dev/null
	touch $(STAMP)

# The main job: a fresh demo database (the five examples, real actuals, one user of each
# role) served at http://127.0.0.1:8000/ with the logins printed. `planwatch demo` prints
# the same work as a summary in the terminal instead.
run: $(STAMP)
	$(BIN)/planwatch serve --demo --host 127.0.0.1 --port 8000

test: $(STAMP) lint browser-deps circular-deps
	$(BIN)/python -m pytest -n 2

# Debian chromium and a Chinese font for tests/browser, installed when missing (root only;
# otherwise a message, and those tests skip). Never `playwright install` (it downloads).
browser-deps:
	@sh .ci/browser-deps

# The circular's fonts (FandolFang/Kai from texlive-lang-chinese, Noto CJK) and poppler-utils.
circular-deps:
	@sh .ci/circular-deps

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/extraction.py

score: $(STAMP)
	$(BIN)/python tests/eval/score.py --gold tests/gold --corpus src/planwatch/examples --run '$(BIN)/planwatch extract {path} --format json'

clean:
	rm -rf $(VENV) build dist *.egg-info
