"""The template engine's errors; the family is drawn in :mod:`coursekit.cli.gotemplate`.

Only :class:`TemplateError` leaves the engine: :func:`~.template.execute` and
:func:`~.template.parse` turn the others into it with Go's own wording.
"""

from __future__ import annotations

__all__ = ["ArgTypeError", "FuncError", "ParseError", "TemplateError"]


class TemplateError(ValueError):
    """A template that failed; ``str(err)`` is the text the CLI prints on stderr.

    ``exit_code`` is the status the command exits with, ``stdout`` what it still
    printed on stdout (``docker inspect -f`` prints the other objects' lines).
    """

    def __init__(self, message: str, *, parse: bool = False, exit_code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.parse = parse
        self.exit_code = exit_code
        self.stdout = ""

    def prefixed(self, prefix: str, exit_code: int | None = None) -> TemplateError:
        """The same failure as a command reports it (``template parsing error: ...``)."""
        code = self.exit_code if exit_code is None else exit_code
        return TemplateError(prefix + self.message, parse=self.parse, exit_code=code)


class ParseError(ValueError):
    """A template that does not parse; ``str`` is Go's text (``template: :1: ...``)."""


class FuncError(ValueError):
    """A function failed: ``error calling NAME: <message>``."""


class ArgTypeError(TypeError):
    """An argument of the wrong type: ``wrong type for value; expected T; got U``."""
