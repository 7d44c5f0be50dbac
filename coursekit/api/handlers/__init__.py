"""The route handlers, one module per part of the Engine API: :mod:`.containers`,
:mod:`.attach` (a container's main process), :mod:`.execs`, :mod:`.networks` and
:mod:`.system` (ping, version, info, images). Each lists its routes in ``ROUTES``."""
