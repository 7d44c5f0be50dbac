"""A real Docker Engine behind the Backend protocol, through the docker SDK.

``backend`` is the protocol implementation (it reads the API's documents back into models
with :mod:`coursekit.wire`); ``spec`` maps coursekit specs to API requests, ``run``
executes commands (exec, the host helper, logs), ``iface`` reads ``ip addr`` output,
``errors`` translates SDK failures, ``prepare`` makes the lab image available, and
``unreachable`` stands in for an engine that does not answer. Nothing here formats text
for the learner.
"""

from coursekit.backends.engine.backend import EngineBackend

__all__ = ["EngineBackend"]
