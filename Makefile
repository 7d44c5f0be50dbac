# coursekit: `make lab` opens the course, `make test` runs every test.
# Both create .venv on first use (Python 3.10+ is all a machine needs).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
PORT ?= 8888

.PHONY: venv lab test test-engine bench bench-engines figures notebooks lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[lab,test,browser]'
	touch $(STAMP)

venv: $(STAMP)

lab: $(STAMP)
	$(PY) -m jupyterlab --ServerApp.root_dir=notebooks --port=$(PORT) $(ROOT_FLAG)

NBVAL := COURSEKIT_BACKEND=sim COURSEKIT_HOME=$$(mktemp -d) MPLBACKEND=Agg

test: $(STAMP)
	$(PY) -m ruff check coursekit tests benchmarks
	$(PY) -m mypy
	$(PY) -m pytest
	$(NBVAL) $(PY) -m pytest -p no:cacheprovider --nbval --nbval-current-env \
		--nbval-sanitize-with notebooks/sanitize.cfg notebooks

# Only the tests that need a real engine (CI runs them against its second engine).
test-engine: $(STAMP)
	COURSEKIT_HOME=$$(mktemp -d) $(PY) -m pytest -m engine

# Re-execute every notebook on the simulator and save its outputs (what nbval compares).
notebooks: $(STAMP)
	$(NBVAL) $(PY) -m jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.store_widget_state=False notebooks/[0-9]*.ipynb

lint: $(STAMP)
	$(PY) -m ruff check coursekit tests benchmarks
	$(PY) -m mypy

bench: $(STAMP)
	$(PY) benchmarks/sim.py

# The engine backend against the docker CLI on both real engines (root; see .ci/engines.sh).
bench-engines: $(STAMP)
	bash benchmarks/engines.sh

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis

figures: $(STAMP)
	$(PY) -m coursekit.scenarios figures/
