# coursekit: `make lab` opens the course, `make test` runs every test.
# Both create .venv on first use. A machine needs Python 3.10+ with its venv module
# (Debian/Ubuntu: apt-get install python3-venv), make, and a package index (PyPI) the
# first time. `make shell` opens a shell in which .venv's `coursekit`, `python` and
# `jupyter` come first on PATH; `make prepare|doctor|reset` run the instructor's commands.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
PORT ?= 8888

START  := 00-start-here.ipynb
# The Chinese edition: `make lab-zh`, or `make lab` where LANG is Chinese (LANG=zh_CN.UTF-8,
# or `make lab LANG=zh-CN`): notebooks/zh-CN/ and JupyterLab's own menus in Chinese.
ZH     := $(filter zh%,$(LANG))
ZH_SETTINGS := $(VENV)/share/jupyter/lab/user-settings-zh-CN
ZH_LOCALE := $(ZH_SETTINGS)/@jupyterlab/translation-extension/plugin.jupyterlab-settings
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json

.PHONY: venv lab shell prepare doctor reset test test-engine bench bench-engines figures \
	notebooks catalogs lab-zh lint clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null || { \
		echo "coursekit needs Python 3.10 or newer as $(PYTHON) (or: make lab PYTHON=python3.12)"; \
		exit 1; }
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
		echo "$(PYTHON) cannot create a venv: install its venv module" \
		     "(Debian/Ubuntu: apt-get install python3-venv), then run make again"; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[lab,test,browser]'
	touch $(STAMP)

venv: $(STAMP)

# JupyterLab's settings for this venv (binder/postBuild installs the same file on Binder):
# no "get official Jupyter news?" pop-up, no update check.
$(LAB_SETTINGS): binder/overrides.json $(STAMP)
	mkdir -p $(@D)
	cp binder/overrides.json $@

# The course, opened at notebook 00. Without a reachable Docker Engine, bin/lab first starts
# `coursekit serve` and gives JupyterLab its DOCKER_HOST: a terminal's docker CLI and the
# notebooks then drive the same simulated lab (the server stops when JupyterLab does).
lab: $(STAMP) $(LAB_SETTINGS) $(if $(ZH),$(ZH_LOCALE))
	bin/lab $(PY) -m jupyterlab --ServerApp.root_dir=notebooks \
		--LabApp.default_url=/lab/tree/$(if $(ZH),zh-CN/,)$(START) --port=$(PORT) $(ROOT_FLAG) \
		$(if $(ZH),--LabApp.user_settings_dir=$(ZH_SETTINGS))

# The Chinese edition's JupyterLab keeps user settings of its own, whose language is
# Chinese (the menus come from jupyterlab-language-pack-zh-CN).
$(ZH_LOCALE): binder/translation-zh-CN.json $(STAMP)
	mkdir -p $(@D)
	cp binder/translation-zh-CN.json $@

lab-zh:
	$(MAKE) lab LANG=zh_CN.UTF-8

# A shell with .venv first on PATH (`coursekit doctor`, `python`, `jupyter lab`); exit leaves it.
shell: $(STAMP)
	@echo "make shell: .venv is active here (coursekit, python, jupyter); 'exit' leaves it"
	@VIRTUAL_ENV="$(CURDIR)/$(VENV)" PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $${SHELL:-/bin/sh}

# The instructor's commands (README, "For instructors"): `make prepare ARGS=--offline`.
prepare doctor reset: $(STAMP)
	$(VENV)/bin/coursekit $@ $(ARGS)

NBVAL := COURSEKIT_BACKEND=sim COURSEKIT_HOME=$$(mktemp -d) MPLBACKEND=Agg

# pytest runs on every core (pytest-xdist): the engine's and the browser's tests one after
# another on one, the rest beside them (tests/conftest.py); nbval each notebook in one
# kernel, the notebooks side by side.
test: $(STAMP)
	$(PY) -m ruff check coursekit tests benchmarks
	$(PY) -m mypy
	$(PY) -m pytest -n auto --dist loadgroup
	home=$$(mktemp -d) && HOME=$$home $(NBVAL) $(PY) -m pytest -p no:cacheprovider \
		-n auto --dist loadscope --nbval --nbval-current-env \
		--nbval-sanitize-with notebooks/sanitize.cfg notebooks; \
		status=$$?; rm -rf "$$home"; exit $$status

# Only the tests that need a real engine (CI runs them against its second engine).
test-engine: $(STAMP)
	COURSEKIT_HOME=$$(mktemp -d) $(PY) -m pytest -m engine

# Regenerate the Chinese edition from the English and the catalogs (coursekit.i18n), then
# re-execute every notebook of both editions on the simulator and save its outputs (what
# nbval compares), without widget views or widget state: each widget's saved output is its
# static rendering (coursekit/widgets/saved.py), which reads well before the cell runs.
notebooks: $(STAMP)
	$(PY) -m coursekit.i18n build
	$(NBVAL) $(PY) -m jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.store_widget_state=False \
		--NotebookExporter.preprocessors=coursekit.widgets.saved.drop_widget_views \
		notebooks/[0-9]*.ipynb notebooks/zh-CN/[0-9]*.ipynb

# After editing the English: bring the catalogs up to date (new texts untranslated, changed
# ones fuzzy) and say what is left to translate.
catalogs: $(STAMP)
	$(PY) -m coursekit.i18n update
	-$(PY) -m coursekit.i18n status

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
