"""The chapters' MyST markdown turned into the plain Markdown that JupyterLite shows.

The book's notebooks are written in MyST: directives (``exercise``, ``literalinclude``,
admonitions), roles (``{eq}``, ``{ref}``, ``{cite:p}``) and labelled equations
(``$$ ... $$ (label)``). Jupyter Book renders them; JupyterLite's notebook renders plain
Markdown and would show them raw, and it cannot read the package's files that
``literalinclude`` shows. So the live copy of each chapter is converted when the book is
built, from what the build knows (:class:`BookReferences`: the numbers of equations and
exercises, the titles of sections, the bibliography):

- ``literalinclude`` becomes a fenced code block with the included code (``:pyobject:``,
  ``:lines:``, ``:start-after:``, ``:end-before:``, ``:language:``);
- ``exercise`` becomes a bold "Exercise 1.5 (title)" heading, ``solution-start`` a bold
  "Solution", ``solution-end`` nothing; admonitions become block quotes; ``math`` becomes
  ``$$``;
- a labelled equation gets its number as ``\\tag{1.1}``; ``{eq}`` becomes "(1.1)", ``{ref}``
  and ``{numref}`` the target's title, ``{cite:p}`` "(Author, year)", ``{math}`` ``$...$``;
- label lines ``(name)=`` are dropped;
- ``{glue:text}`` and ``{glue}`` become the value the chapter glued when the book was built,
  formatted as myst-nb formats it (the live kernel's ``myst_nb.glue`` only shows values, see
  ``live/myst_nb.py``), so the live text quotes the same numbers as the page.

Anything not recognised is left as it is. (Rendering MyST in the browser instead, with the
jupyterlab-myst extension, costs 7 MB and about 2 s to the first widget on a 2-core machine.)
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class BookReferences:
    """What the book build knows about its cross-references."""

    equations: dict[str, str] = field(default_factory=dict)  # label -> "1.1"
    targets: dict[str, str] = field(default_factory=dict)  # label -> "Exercise 1.5" or a section title
    citations: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> ("McCulloch and Pitts", "1943")
    glued: dict[str, str] = field(default_factory=dict)  # glue key -> its text/plain, from the executed chapters


DIRECTIVE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w-]+)\}[ \t]*(?P<args>[^\n]*)\n"
    r"(?P<options>(?:[ \t]*:[\w-]+:[^\n]*\n)*)"
    r"(?P<body>(?:(?!(?P=fence)[ \t]*$)[^\n]*\n)*?)"
    r"(?P=fence)[ \t]*$",
    re.MULTILINE,
)
OPTION = re.compile(r"^[ \t]*:([\w-]+):[ \t]*(.*?)[ \t]*$", re.MULTILINE)
ROLE = re.compile(r"\{(?P<name>[\w:-]+)\}`(?P<text>[^`]+)`")
LABELLED_MATH = re.compile(r"\$\$(?P<math>(?:(?!\$\$).)+?)\$\$[ \t]*\((?P<label>[\w:.-]+)\)", re.DOTALL)
TARGET = re.compile(r"^\([\w:.-]+\)=[ \t]*\n?", re.MULTILINE)
LANGUAGES = {".py": "python", ".toml": "toml", ".yml": "yaml", ".yaml": "yaml", ".json": "json"}
ADMONITIONS = {
    "note", "tip", "hint", "important", "warning", "caution", "attention", "danger", "error", "seealso",
}  # fmt: skip


def pyobject_span(source: str, dotted: str) -> tuple[int, int]:
    """The 1-based first and last line of ``dotted`` (``name`` or ``Class.method``) in ``source``."""
    scope: list[ast.stmt] = ast.parse(source).body
    node: ast.AST | None = None
    definitions = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    for part in dotted.split("."):
        node = next((n for n in scope if isinstance(n, definitions) and n.name == part), None)
        if node is None:
            raise LookupError(f"no {dotted} in the file")
        scope = node.body
    decorators = [d.lineno for d in getattr(node, "decorator_list", [])]
    return min([node.lineno, *decorators]), node.end_lineno


def select_lines(text: str, spec: str) -> str:
    """The lines ``spec`` names (``"3-7,10"``, 1-based, ``"5-"`` to the end), as Sphinx reads it."""
    lines = text.splitlines()
    chosen: list[str] = []
    for part in spec.split(","):
        first, _, last = part.strip().partition("-")
        start = int(first) if first else 1
        end = (int(last) if last else len(lines)) if "-" in part else start
        chosen.extend(lines[start - 1 : end])
    return "\n".join(chosen)


def included_code(path: Path, options: dict[str, str]) -> str:
    """What ``literalinclude`` shows of ``path`` with ``options``."""
    text = path.read_text()
    if "pyobject" in options:
        first, last = pyobject_span(text, options["pyobject"])
        text = "\n".join(text.splitlines()[first - 1 : last])
    if "lines" in options:
        text = select_lines(text, options["lines"])
    if "start-after" in options and options["start-after"] in text:
        text = text.split(options["start-after"], 1)[1].split("\n", 1)[-1]
    if "end-before" in options and options["end-before"] in text:
        text = text.split(options["end-before"], 1)[0].rsplit("\n", 1)[0]
    return textwrap.dedent(text).strip("\n")


def code_block(code: str, language: str) -> str:
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", code)), default=0) + 1)
    return f"{fence}{language}\n{code}\n{fence}"


def quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.strip("\n").splitlines())


def directive(match: re.Match, folder: Path, refs: BookReferences) -> str:
    """The plain Markdown for one directive, or the directive unchanged."""
    name, args, body = match["name"], match["args"].strip(), match["body"].strip("\n")
    options = dict(OPTION.findall(match["options"]))
    if name == "literalinclude":
        path = folder / args
        try:
            code = included_code(path, options)
        except (OSError, LookupError, SyntaxError, ValueError):
            return match[0]
        return code_block(code, options.get("language", LANGUAGES.get(path.suffix, "")))
    if name == "exercise":
        number = refs.targets.get(options.get("label", ""), "Exercise")
        return f"**{number}**" + (f" ({args})" if args else "") + f"\n\n{body}"
    if name in {"solution-start", "solution"}:
        return "**Solution**" + (f"\n\n{body}" if body else "")
    if name == "solution-end":
        return ""
    if name in {"exercise-start", "exercise-end"}:
        return "" if name.endswith("end") else "**Exercise**" + (f" ({args})" if args else "")
    if name in ADMONITIONS or name == "admonition":
        title = args if name == "admonition" else name.capitalize()
        return quote(f"**{title}.** {body}")
    if name == "math":
        label = options.get("label")
        tag = f" \\tag{{{refs.equations[label]}}}" if label in refs.equations else ""
        return f"$$\n{body}{tag}\n$$"
    if name in {"figure", "image"}:
        return f"![{body.splitlines()[0] if body else ''}]({args})"
    if name == "tableofcontents":
        return ""
    return match[0]


def citation(keys: str, refs: BookReferences, textual: bool) -> str:
    found = [refs.citations.get(key.strip(), (key.strip(), "")) for key in keys.split(",")]
    if textual:
        return "; ".join(f"{who} ({year})" if year else who for who, year in found)
    return "(" + "; ".join(f"{who}, {year}" if year else who for who, year in found) + ")"


def role(match: re.Match, refs: BookReferences) -> str:
    """The plain Markdown for one role, or the role unchanged."""
    name, text = match["name"], match["text"]
    explicit = re.fullmatch(r"(?P<title>.+?)\s*<(?P<label>[^>]+)>", text)
    label = explicit["label"] if explicit else text
    if name == "eq":
        return f"({refs.equations.get(label, label)})"
    if name in {"ref", "numref", "doc", "term"}:
        return explicit["title"] if explicit else refs.targets.get(label, label)
    if name in {"cite", "cite:p", "cite:ps", "cite:alp", "cite:cts"}:
        return citation(text, refs, textual=False)
    if name in {"cite:t", "cite:ts", "cite:ct", "cite:author", "cite:year"}:
        return citation(text, refs, textual=True)
    if name == "math":
        return f"${text}$"
    if name in {"glue", "glue:any", "glue:text"}:
        return glued_text(text, refs)
    if name in {"code", "samp", "file", "kbd"}:
        return f"`{text}`"
    if name in {"sub", "sup", "abbr", "dfn", "index"}:
        return text
    return match[0]


GLUE_MIME = "application/papermill.record/text/plain"


def glued_values(notebook: dict) -> dict[str, str]:
    """``{key: text/plain}`` of every value an executed notebook glued (``myst_nb.glue``)."""
    found = {}
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name and GLUE_MIME in output.get("data", {}):
                found[name] = output["data"][GLUE_MIME]
    return found


def glued_text(text: str, refs: BookReferences) -> str:
    """A glue role's content (``[path::]key[:format]``) as the book shows it.

    A key that nothing glued is shown as itself (the book build fails on it anyway).
    """
    from myst_nb.core.variables import format_plain_text  # the book's own formatting

    key, _, spec = text.rpartition(":") if ":" in text.split("::")[-1] else (text, "", "")
    key = key.split("::")[-1]
    if key not in refs.glued:
        return f"`{text}`"
    return format_plain_text(refs.glued[key], spec)


def to_live_markdown(markdown: str, folder: Path, refs: BookReferences | None = None) -> str:
    """``markdown`` (a MyST cell of a notebook in ``folder``) as plain Markdown for JupyterLite."""
    refs = refs or BookReferences()
    for _ in range(5):  # nested directives: the outer one first, then what it held
        converted = DIRECTIVE.sub(lambda m: directive(m, folder, refs), markdown)
        if converted == markdown:
            break
        markdown = converted

    def tagged(match: re.Match) -> str:
        number = refs.equations.get(match["label"])
        return f"$${match['math'].rstrip()}" + (f" \\tag{{{number}}}" if number else "") + "\n$$"

    markdown = LABELLED_MATH.sub(tagged, markdown)
    markdown = TARGET.sub("", markdown)
    return ROLE.sub(lambda m: role(m, refs), markdown)


def bibliography(paths: list[Path]) -> dict[str, tuple[str, str]]:
    """``{key: (authors, year)}`` from BibTeX files, authors as "A", "A and B" or "A et al."."""
    from pybtex.database import parse_file

    found: dict[str, tuple[str, str]] = {}
    for path in paths:
        for key, entry in parse_file(str(path)).entries.items():
            names = [" ".join(p.last_names) for p in entry.persons.get("author", entry.persons.get("editor", []))]
            who = names[0] + " et al." if len(names) > 2 else " and ".join(names) if names else key
            found[key] = (who.replace("{", "").replace("}", ""), entry.fields.get("year", ""))
    return found
