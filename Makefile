# kehoach — the two commands a newcomer needs: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install bench clean score

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e '.[test]'
	$(BIN)/python -m compileall -q --invalidation-mode checked-hash src/kehoach  # bytecode: ~50 ms off every cold start; hash-checked, so never stale
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/kehoach summary samples/

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m compileall -q --invalidation-mode checked-hash src/kehoach
	$(BIN)/python bench/bench.py

score: $(STAMP)
	$(BIN)/python bench/score_table.py --readme README.md

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
