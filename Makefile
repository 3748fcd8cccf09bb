# The README's two commands: `make demo` and `make test`. Each sets everything up from nothing
# (a virtual environment with the package and its test tools) and then runs.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test fuzz bench check clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

demo: $(BIN)/.installed
	$(BIN)/treatyrules entitled --state Korea

test: $(BIN)/.installed
	$(BIN)/treatyrules check
	$(BIN)/python -m pytest -q

fuzz: $(BIN)/.installed
	TREATYRULES_FUZZ_EXAMPLES=10000 $(BIN)/python -m pytest -q -m fuzz tests/test_fuzz.py

bench: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
