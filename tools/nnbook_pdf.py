"""Sphinx extension: what the PDF edition (``make pdf``, the LaTeX builder) changes.

Loaded by Jupyter Book through ``sphinx.local_extensions`` in ``_config.yml``. Every
change below happens only when the builder is LaTeX, so the HTML book and the chapters'
sources are untouched:

- Jupyter Book's LaTeX class asks for ``bbm.sty``, which lives in Debian's 485 MB
  texlive-fonts-extra; the class copied into the output is given ``\\mathbb`` instead
  (the book uses none of its ``\\mathbbm`` macros).
- SVG images are converted to PDF with CairoSVG (vector, no ImageMagick).
- An explorer (an ipywidgets output) cannot move on paper: it is shown as the figure it
  drew first, captioned as interactive in the HTML book, instead of its ``repr``.
- The exercises' solutions, folded away under each exercise in the HTML book, are
  gathered at the end of their chapter, and each exercise says where its solution is.
- Equations and exercises are numbered as in the HTML book (4.1, Exercise 4.1); the
  introduction gets a heading, the glossary and references stay unnumbered, and the
  bibliography is printed once, under the references page's title.

The HTML book gets a link to the PDF in its download menu when ``make pdf`` has built
one: the PDF is then copied into the site (see docs/pdf.md).
"""

from __future__ import annotations

import base64
import json
import re
import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx_exercise.nodes import exercise_enumerable_node, exercise_node, solution_node

logger = logging.getLogger(__name__)

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
#: Where ``make pdf`` leaves the book, relative to the project (the HTML build links it).
PDF = Path("_build") / "pdf" / "nnbook.pdf"
EXERCISES = (exercise_node, exercise_enumerable_node)


def is_latex(app: Sphinx) -> bool:
    return app.builder.format == "latex"


def latex(text: str) -> nodes.raw:
    """A piece of LaTeX, written as it is into the PDF's source (no other builder sees it)."""
    return nodes.raw("", text, format="latex")


def prepare_latex(app: Sphinx) -> None:
    """Convert SVGs with CairoSVG, number as the HTML book does, and drop ``bbm`` from
    Jupyter Book's class (which it copies to the output at priority 500)."""
    if not is_latex(app):
        return
    app.setup_extension("sphinxcontrib.cairosvgconverter")
    # With parts, Jupyter Book sets numfig_secnum_depth to 2, which makes LaTeX number
    # equations and figures within chapters (4.1) but Sphinx number exercises 1.10.3
    # (chapter, section, exercise). Sphinx numbers with 1, as in the HTML book (1.3);
    # the LaTeX writer gets 2 back once Sphinx has numbered (env-check-consistency).
    app.builder.nnbook_numfig_depth = app.config.numfig_secnum_depth  # type: ignore[attr-defined]
    app.config.numfig_secnum_depth = 1
    path = Path(app.outdir) / "jupyterBook.cls"
    text = path.read_text()
    path.write_text(text.replace("\\RequirePackage{bbm}", "\\providecommand{\\mathbbm}{\\mathbb}"))


def restore_numfig_depth(app: Sphinx, env: Any) -> None:
    if is_latex(app):
        app.config.numfig_secnum_depth = app.builder.nnbook_numfig_depth  # type: ignore[attr-defined]


def widget_png(state: dict[str, Any], model_id: str) -> bytes | None:
    """The first PNG an explorer drew: found in the Output widget among its descendants."""
    seen, queue = set(), [model_id]
    while queue:
        model = state.get(queue.pop(0))
        if model is None or id(model) in seen:
            continue
        seen.add(id(model))
        for output in model["state"].get("outputs", []):
            if "image/png" in output.get("data", {}):
                return base64.b64decode(output["data"]["image/png"])
        children = json.dumps(model["state"])
        queue += re.findall(r"IPY_MODEL_([0-9a-f]+)", children)
    return None


class ExplorerFigures(SphinxPostTransform):
    """Replace each explorer output by its first figure and a one-line caption."""

    default_priority = 3  # before myst-nb chooses an output's mime type (priority 4)
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        states: dict[str, Any] = {}
        for bundle in list(self.document.findall(nodes.container)):
            if bundle.get("nb_element") != "mime_bundle":
                continue
            kinds = {child.get("mime_type"): child for child in bundle.children}
            if WIDGET_VIEW not in kinds:
                continue
            if not states:  # the widget states of the notebooks as executed by this build
                for path in Path(self.env.mystnb_config.output_folder).rglob("*.ipynb"):
                    metadata = json.loads(path.read_text())["metadata"]
                    states.update(metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {}))
            view = json.loads(re.search(r">(.*)</script>", kinds[WIDGET_VIEW].astext(), re.S).group(1))
            png = widget_png(states, view["model_id"])
            if png is None:
                logger.warning(f"pdf: no figure found for the explorer {view['model_id']}", location=bundle)
                continue
            name = f"explorer-{view['model_id']}.png"
            (Path(self.app.outdir) / name).write_bytes(png)
            plain = kinds.get("text/plain")
            title = re.match(r"\w+", plain.astext()).group(0) if plain is not None else "Explorer"
            bundle.replace_self(
                latex(
                    "\n\\begin{center}\n"
                    f"\\sphinxincludegraphics[width=0.9\\linewidth]{{{{{name[:-4]}}}.png}}\\\\[2pt]\n"
                    f"{{\\small\\emph{{{title}, as first drawn: interactive in the HTML book "
                    "(Make this live, at the explorer) and in JupyterLab.}}\n\\end{center}\n"
                )
            )


class GatherSolutions(SphinxPostTransform):
    """Move every solution to a "Solutions" section at the end of its chapter.

    Each exercise whose solution moved ends with the page of its solution; the label is
    the one sphinx-exercise writes for a solution (``docname:label``).
    """

    default_priority = 30  # after sphinx-exercise has resolved the solutions' titles (21, 22)
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for chapter in self.document.findall(addnodes.start_of_file):
            solutions = [n for n in chapter.findall(solution_node) if n.parent is not None]
            top = next(iter(chapter.findall(nodes.section)), None)
            if not solutions or top is None:
                continue
            exercises = {n.get("label"): n for kind in EXERCISES for n in chapter.findall(kind)}
            section = nodes.section(ids=[f"solutions-{chapter['docname'].replace('/', '-')}"])
            section += nodes.title("", "Solutions")
            for solution in solutions:
                solution.parent.remove(solution)
                section += solution
                exercise = exercises.get(solution.get("target_label"))
                if exercise is not None:
                    label = f"{chapter['docname']}:{solution['label']}"
                    exercise += latex(f"\\par\\hfill{{\\small Solution on page~\\pageref{{{label}}}.}}\n")
            top += section


class FrontAndBackMatter(SphinxPostTransform):
    """Give the introduction a heading, leave the back matter unnumbered, and print the
    bibliography once, under the title of the references page (which it replaces).

    In the HTML book the introduction, the glossary and the references have no number;
    LaTeX would number every chapter after the parts began.
    """

    default_priority = 31
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        self.document.insert(
            0,
            latex(
                "\\chapter*{Introduction}\\addcontentsline{toc}{chapter}{Introduction}"
                "\\markboth{Introduction}{Introduction}\n"
            ),
        )
        numbered = self.env.toc_secnumbers
        bibliography_pages = {key.docname for key in self.env.get_domain("cite").bibliographies}
        for chapter in list(self.document.findall(addnodes.start_of_file)):
            docname = chapter["docname"]
            if docname in bibliography_pages:
                title = next(iter(chapter.findall(nodes.title)))
                # its citations stay: Sphinx moves them all to the end of the book
                citations = list(chapter.findall(nodes.citation))
                for citation in citations:
                    citation.parent.remove(citation)
                chapter.replace_self([latex(f"\\renewcommand{{\\bibname}}{{{title.astext()}}}\n"), *citations])
            elif not any(numbered.get(docname, {}).values()):
                chapter.insert(0, latex("\\setcounter{secnumdepth}{-1}\n"))


def link_pdf(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Offer the whole book as a PDF in the download menu, when the site has it."""
    if not getattr(app.env, "nnbook_pdf", False):
        return
    for button in context.get("header_buttons", []):
        if button.get("label") == "download-buttons":
            button["buttons"].append(
                {
                    "type": "link",
                    "url": context["pathto"]("nnbook.pdf", 1),
                    "text": "the book (.pdf)",
                    "tooltip": "The whole book as one PDF, for print and offline reading",
                    "icon": "fas fa-book",
                    "label": "download-book-pdf-button",
                }
            )


def find_pdf(app: Sphinx) -> None:
    app.env.nnbook_pdf = app.builder.format == "html" and (Path(app.confdir) / PDF).exists()  # type: ignore[attr-defined]


def copy_pdf(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and getattr(app.env, "nnbook_pdf", False):
        shutil.copyfile(Path(app.confdir) / PDF, Path(app.outdir) / PDF.name)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", prepare_latex, priority=600)
    app.connect("builder-inited", find_pdf)
    app.connect("env-check-consistency", restore_numfig_depth)
    app.add_post_transform(ExplorerFigures)
    app.add_post_transform(GatherSolutions)
    app.add_post_transform(FrontAndBackMatter)
    # after sphinx-book-theme has made its header buttons (priority 501)
    app.connect("html-page-context", link_pdf, priority=600)
    app.connect("build-finished", copy_pdf)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
