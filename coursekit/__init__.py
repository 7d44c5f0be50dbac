"""coursekit: learn Docker networking by doing, on a real engine or a faithful simulator."""

from typing import Any

from coursekit.lab import Lab
from coursekit.result import CommandResult

__all__ = ["CommandResult", "Lab"]
__version__ = "0.1.0"


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext coursekit``: a default Lab behind ``%docker`` and ``%sh``."""
    Lab().register_magic(ipython)
