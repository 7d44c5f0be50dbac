"""The simulated Docker engine: state in memory, behaviour computed, never replayed."""

from coursekit.backends.sim.backend import SimBackend

__all__ = ["SimBackend"]
