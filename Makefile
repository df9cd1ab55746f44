# Studio: every target sets itself up on a fresh Debian/Ubuntu machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reinstall when the dependencies change.
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
SCALE ?= platform

.PHONY: run test lint bench system-deps venv demo clean translations schemathesis durability \
  sync-faults

run: system-deps $(STAMP) translations
	SCALE=$(SCALE) scripts/run.sh

test: system-deps $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: system-deps $(STAMP)
	$(BIN)/python -m bench.run

# Schemathesis's CLI at length (MAX_EXAMPLES per operation, all checks) against a freshly seeded
# Hub on loopback, stopped afterwards; `make test` runs a short version (tests/hub).
MAX_EXAMPLES ?= 500
schemathesis: $(STAMP)
	MAX_EXAMPLES=$(MAX_EXAMPLES) scripts/schemathesis.sh

# SIGKILL while typing, at length (make test kills a few times): the reopened article loses at
# most the last second of typing.
KILLS ?= 60
durability: system-deps $(STAMP)
	STUDIO_TYPING_KILLS=$(KILLS) QT_QPA_PLATFORM=offscreen $(BIN)/pytest -s -p no:cacheprovider \
	  tests/durability/test_kill_typing.py

# The stateful sync test at length: STUDIO_FAULT_RUNS runs (default 1000) of three Studios and a
# real Hub through network faults, offline periods, clock shifts and SIGKILLs (make test: a few).
sync-faults: system-deps $(STAMP)
	STUDIO_FAULT_RUNS=$${STUDIO_FAULT_RUNS:-1000} QT_QPA_PLATFORM=offscreen $(BIN)/pytest -s \
	  -p no:cacheprovider tests/faults/test_stateful_sync.py

# Refresh the translation sources from the code, then compile them for the app.
LANGUAGES := fr zh_HK
translations: $(STAMP)
	$(BIN)/pyside6-lupdate -no-obsolete $$(git ls-files 'studio/*.py') \
	  $(foreach l,$(LANGUAGES),-ts resources/translations/studio_$(l).ts)
	mkdir -p studio/translations
	$(foreach l,$(LANGUAGES),$(BIN)/pyside6-lrelease -silent resources/translations/studio_$(l).ts \
	  -qm studio/translations/studio_$(l).qm &&) true

system-deps:
	@PYTHON=$(PYTHON) scripts/system-deps.sh

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Studio needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

clean:
	rm -rf $(VENV) .run bench/out .pytest_cache .mypy_cache .ruff_cache *.egg-info
