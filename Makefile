# MUS Coach — the two set-up commands from the README: `make run` and `make test`.
# Each creates .venv and installs what it needs (llama-cpp-python is compiled from source the first time:
# about 5 minutes on 2 cores; pip caches the wheel afterwards).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test install clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "MUS Coach kræver Python 3.11 eller nyere.")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/coach serve

# pytest exits 5 when no test was collected (e.g. a -k filter); that is not a failure of the suite.
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS) || [ $$? -eq 5 ]

clean:
	rm -rf $(VENV) .pytest_cache
