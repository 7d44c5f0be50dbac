"""coursekit: learn Docker networking by doing, on a real engine or a faithful simulator."""

from coursekit.lab import Lab
from coursekit.result import CommandResult

__all__ = ["CommandResult", "Lab"]
__version__ = "0.1.0"
