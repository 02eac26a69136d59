# nnbook: the two commands are `make book` and `make test` (see README.md).
VENV   ?= .venv
PYTHON ?= python3
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PORT   ?= 8000
# Live mode (a "Run live" button on every chapter; JupyterLite in _build/html/lite): on by
# default; `make book LIVE=0` builds the book without it (and downloads nothing for it).
LIVE   ?= 1
export NNBOOK_LIVE := $(LIVE)

.PHONY: book test pdf test-pdf lab serve notebooks assets live-assets lint bench linkcheck clean

# The environment: created once, refreshed when requirements.txt or pyproject.toml change.
$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -e .
	touch $(STAMP)

# MathJax and the ipywidgets HTML manager, served by the site itself (cached in .cache/npm).
assets: $(STAMP)
	$(PY) tools/fetch_assets.py

# Live mode: Pyodide from npm and its package wheels, each verified against the official
# pyodide-lock.json, assembled in live/static/pyodide (downloads cached in .cache/).
live-assets: $(STAMP)
ifneq ($(LIVE),0)
	$(PY) tools/fetch_pyodide.py
endif

## make book: set everything up and build the HTML book into _build/html (LIVE=0: without live mode)
book: assets live-assets
	$(VENV)/bin/jupyter-book build --all -W -n --keep-going .
	@echo
	@echo "The book is built: open file://$(CURDIR)/_build/html/index.html  (or run: make serve)"
ifneq ($(LIVE),0)
	@echo "Live mode: every chapter's \"Run live\" button opens it in _build/html/lite (needs make serve, not file://)"
endif

## make test: every test (package, widgets, notebooks with nbval, the book build, the browser) but the PDF's
test: assets live-assets
	$(PY) -m pytest -m "not pdf"

# The PDF edition needs xelatex and latexmk from TeX Live (docs/pdf.md): on Debian,
TEXLIVE := texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended \
           texlive-xetex latexmk fonts-freefont-otf

## make pdf: the book as one PDF, _build/pdf/nnbook.pdf (needs TeX Live: docs/pdf.md)
pdf: assets
	@command -v xelatex >/dev/null && command -v latexmk >/dev/null || \
	  { echo "make pdf needs xelatex and latexmk: apt-get install $(TEXLIVE)"; exit 1; }
	rm -rf _build/latex
	NNBOOK_LIVE=0 $(VENV)/bin/jupyter-book build --all --builder pdflatex -W -n --keep-going .
	mkdir -p _build/pdf
	cp _build/latex/nnbook.pdf _build/pdf/nnbook.pdf
	@echo "The PDF is built: $(CURDIR)/_build/pdf/nnbook.pdf"

## make test-pdf: build the PDF and check its text and figures (tests/book/test_pdf.py)
test-pdf: assets
	$(PY) -m pytest -m pdf tests/book/test_pdf.py

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

## make linkcheck: check the external links of the references (needs the internet; not in CI)
linkcheck: $(STAMP)
	NNBOOK_LIVE=0 $(VENV)/bin/jupyter-book build --builder linkcheck .

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf _build
