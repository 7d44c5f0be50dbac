"""The route handlers, one module per part of the Engine API: :mod:`.containers`,
:mod:`.attach` (a container's main process), :mod:`.execs`, :mod:`.networks`,
:mod:`.events` (``docker events``, from :mod:`coursekit.api.journal`), :mod:`.system`
(ping, version, info, images) and :mod:`.lab` (coursekit's own: the simulated host for
the engine backend). Each lists its routes in ``ROUTES``."""
