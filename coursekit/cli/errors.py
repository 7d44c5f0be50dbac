"""What the command line front end refuses itself, before (or instead of) asking a backend.

Each error carries the text the front end prints; the caller adds the prefix and the
exit code its tool uses. All are ``ValueError`` (the input is at fault)::

    CliError (ValueError)      message: the text to print
    ├── ShellSyntaxError       bash rejects the line (exit 2), or it uses syntax the lab
    │                          does not run: ``unsupported`` names it (``&&``, ``>``, ``$(``)
    ├── PipeError              a stage after ``|`` the lab cannot run: an unknown tool,
    │                          a file operand, ``grep -r`` (exit 2)
    ├── FlagError              pflag refused the arguments: ``unknown flag: --foo``
    │                          (the usage lines follow; exit 125)
    └── SpecError              a ``run``/``create`` value the docker CLI checks itself:
                               ``invalid containerPort: 80848808`` (``docker: ``, exit 125)

The daemon's own refusals are :mod:`coursekit.errors` (raised by either backend); a
``--format`` template's are the family of :mod:`coursekit.cli.gotemplate`.
"""

from __future__ import annotations

__all__ = ["CliError", "FlagError", "PipeError", "ShellSyntaxError", "SpecError"]


class CliError(ValueError):
    """Input the front end refuses; ``message`` is the text it prints."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ShellSyntaxError(CliError):
    """The line uses shell syntax the lab does not run, or is not valid shell.

    ``unsupported`` is the operator (``&&``, ``>``, ``$(``) for syntax bash would
    run but the lab does not; it is empty for what bash itself rejects.
    """

    def __init__(self, message: str, unsupported: str = "") -> None:
        super().__init__(message)
        self.unsupported = unsupported


class PipeError(CliError):
    """The lab cannot run this pipe stage (an unknown tool, a file to read, an option)."""


class FlagError(CliError):
    """pflag rejected the arguments; ``message`` is its text (docker exits 125)."""


class SpecError(CliError):
    """A value the docker CLI itself rejects; ``message`` is printed after ``docker: ``."""

