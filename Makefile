# nnbook: the two commands are `make book` and `make test` (see README.md).
VENV   ?= .venv
PYTHON ?= python3
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PORT   ?= 8000

.PHONY: book test lab serve notebooks assets lint bench clean

# The environment: created once, refreshed when requirements.txt or pyproject.toml change.
$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -e .
	touch $(STAMP)

# MathJax and the ipywidgets HTML manager, served by the site itself (cached in .cache/npm).
assets: $(STAMP)
	$(PY) tools/fetch_assets.py

## make book: set everything up and build the HTML book into _build/html
book: assets
	$(VENV)/bin/jupyter-book build --all -W -n --keep-going .
	@echo
	@echo "The book is built: open file://$(CURDIR)/_build/html/index.html  (or run: make serve)"

## make test: every test (package, widgets, notebooks with nbval, the book build, the browser)
test: assets
	$(PY) -m pytest

## make lab: the chapters in JupyterLab, widgets live
lab: $(STAMP)
	$(VENV)/bin/jupyter lab --notebook-dir=book

## make serve: the built book on http://127.0.0.1:$(PORT)
serve:
	@test -f _build/html/index.html || { echo "Build the book first: make book"; exit 1; }
	$(PY) -m http.server --bind 127.0.0.1 --directory _build/html $(PORT)

## make notebooks: re-execute the chapters so their stored outputs are current (after an edit)
notebooks: $(STAMP)
	$(PY) tools/run_notebooks.py

## make bench: speed and latency measurements, written to benchmarks/RESULTS.md
bench: assets
	$(PY) benchmarks/run.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf _build
