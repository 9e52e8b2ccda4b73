# The two set-up commands: `make serve` and `make test`. Everything installs into .venv.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8866
WARM ?= 2

.PHONY: install install-test system-deps serve test test-fast bench lint clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	# axe-core for the accessibility test of the participant page (injected by Playwright).
	npm install --silent --no-audit --no-fund --prefix $(VENV)/axe axe-core@4
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

serve: install
	$(BIN)/toolkit serve --port $(PORT) --warm $(WARM)

# The Debian packages the tests need (scripts/system_deps.py): installed when run as root,
# otherwise make stops here and prints the apt-get line.
system-deps:
	@$(PY) scripts/system_deps.py

test: system-deps
	@$(MAKE) --no-print-directory install-test
	$(BIN)/python -m pytest -q

test-fast: install-test
	$(BIN)/python -m pytest -q -m "not browser and not notebook"

bench: install-test
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

lint: install-test
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) data tests/artifacts
