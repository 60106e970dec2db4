# MUS Coach — the two set-up commands from the README: `make run` and `make test`.
# Each creates .venv and installs what it needs (llama-cpp-python is compiled from source the first time:
# about 5 minutes on 2 cores; pip caches the wheel afterwards).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test install tune clean

# llama.cpp is compiled for this machine's CPU (-march=native). Some virtual machines report Intel AMX but
# do not enable it, and llama.cpp's AMX kernels then die with "Illegal instruction". AMX gains nothing for
# the small models the app runs, so it is left out wherever the compiler would turn it on. Set CMAKE_ARGS
# yourself to override.
NO_AMX := -mno-amx-tile -mno-amx-int8 -mno-amx-bf16
AMX_ON := $(shell echo | cc -march=native -dM -E - 2>/dev/null | grep -c __AMX_TILE__)
ifeq ($(origin CMAKE_ARGS),undefined)
ifneq ($(AMX_ON),0)
export CMAKE_ARGS := -DGGML_NATIVE=ON '-DCMAKE_C_FLAGS=$(NO_AMX)' '-DCMAKE_CXX_FLAGS=$(NO_AMX)'
endif
endif

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "MUS Coach kræver Python 3.11 eller nyere.")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@# a llama.cpp wheel cached from an earlier build may still carry AMX code: rebuild it once if it crashes
	@$(BIN)/python -m coach.backend.selfcheck || { \
	  echo "llama-cpp-python virker ikke på denne CPU; bygger den igen uden cache (ca. 5 minutter) …"; \
	  $(BIN)/python -m pip install --quiet --no-cache-dir --force-reinstall --no-deps "$$($(BIN)/python -m coach.backend.selfcheck --requirement)" && \
	  $(BIN)/python -m coach.backend.selfcheck; }
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/coach serve

# pytest exits 5 when no test was collected (e.g. a -k filter); that is not a failure of the suite.
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS) || [ $$? -eq 5 ]

# Train the embedded model's Danish adapter (tune/README.md). Its own venv: torch and transformers stay out of the app.
TUNE_VENV  := .venv-tune
TUNE_STAMP := $(TUNE_VENV)/.installed

$(TUNE_STAMP): pyproject.toml
	$(PYTHON) -m venv $(TUNE_VENV)
	$(TUNE_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(TUNE_VENV)/bin/python -m pip install --quiet --no-deps -e .
	eval $(TUNE_VENV)/bin/python -m pip install --quiet $$($(PYTHON) tune/requirements.py)
	@touch $(TUNE_STAMP)

tune: $(TUNE_STAMP)
	$(TUNE_VENV)/bin/python -m tune.train $(TUNE_ARGS)

clean:
	rm -rf $(VENV) $(TUNE_VENV) .pytest_cache
