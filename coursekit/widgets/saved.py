"""Widgets that read well in a saved notebook, and the clean-up that saves them so.

A live widget is a view of a model that the kernel holds. A saved notebook keeps only
the view's reference (an ``application/vnd.jupyter.widget-view+json`` output); the
model dies with the kernel. Opened again, JupyterLab shows a trusted notebook's widget
as "Error displaying widget: model not found", and an untrusted one's (any notebook
fresh from a clone) as its ``text/plain``: for ipywidgets, a repr such as
``LessonQuiz(children=(HTML(value='<style>…``. GitHub and nbviewer show that repr too.

So every widget of the course is :class:`Readable`: next to the live view, its mime
bundle carries a ``text/plain`` sentence saying what it is (:meth:`Readable.summary`)
and a ``text/html`` rendering of what it shows (:meth:`Readable.static_html`: a quiz's
questions and choices, the steps of a step player), ending in what running the cell
does ("Run this cell to answer."). While the kernel holds the model, JupyterLab shows
the live widget; everywhere else, the rendering. The rendering depends only on what the
widget was built from (never on a learner's answers or store), so nbval can compare it.

:func:`drop_widget_views` is the nbconvert preprocessor ``make notebooks`` runs after
executing a notebook: it removes the widget views and the saved widget state
(``metadata.widgets``), and keeps the rendering. It needs nothing of nbconvert::

    jupyter nbconvert --to notebook --execute --inplace \\
        --NotebookExporter.preprocessors=coursekit.widgets.saved.drop_widget_views NB.ipynb
"""

from __future__ import annotations

import html
from typing import Any

from coursekit.i18n import N_, _

VIEW = "application/vnd.jupyter.widget-view+json"
"""The mime type of a widget view: a reference to a model only a live kernel has."""
_FRAME = ("margin:0.3em 0;padding:0.4em 0.8em;border-radius:3px;"
          "border:1px dashed #999;border:1px dashed var(--jp-border-color1,#999);")
_NOTE = "margin:0.4em 0 0 0;opacity:0.75;font-style:italic;"


def frame_html(body: str, note: str) -> str:
    """``body`` in a dashed frame (not a live widget), ``note`` last: "▶ Run this cell…"."""
    return (f'<div class="coursekit-static" style="{_FRAME}">{body}'
            f'<p class="coursekit-run-note" style="{_NOTE}">▶ {html.escape(note)}</p></div>')


class Readable:
    """Mixed in before an ipywidgets class: a saved output that reads well.

    Subclasses give :meth:`summary` (one plain sentence) and :meth:`static_html` (what the
    widget shows, as HTML that survives JupyterLab's sanitizer: inline styles only, each
    ``var(--jp-…)`` after a plain value), and set :attr:`run_note`.
    """

    run_note = N_("Run this cell to use it.")
    """What running the cell does (English, marked with ``N_``; shown translated)."""

    def summary(self) -> str:
        """What the widget is, in one sentence (the ``text/plain`` of its output)."""
        raise NotImplementedError

    def static_html(self) -> str:
        """What the widget shows, without a kernel (framed with :attr:`run_note`)."""
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        """The live view (from ipywidgets), the rendering and the sentence."""
        live = getattr(super(), "_repr_mimebundle_", None)
        bundle: dict[str, Any] = dict(live(**kwargs) or {}) if live else {}
        bundle["text/plain"] = self.summary()
        bundle["text/html"] = frame_html(self.static_html(), _(self.run_note))
        return bundle


def drop_widget_views(nb: Any, resources: Any) -> tuple[Any, Any]:
    """nbconvert preprocessor: no widget views, no saved widget state; the rest stays.

    ``nb`` is an nbformat notebook (dicts with attribute access); changed in place.
    """
    nb.get("metadata", {}).pop("widgets", None)
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(VIEW, None)
    return nb, resources
