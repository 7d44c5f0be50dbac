"""One module per command group: ``docker network …``, the container lifecycle, the
queries (``ps``, ``inspect``), looking inside (``exec``, ``logs``, ``port``).

Each handler parses its flags, makes one or a few Backend calls and renders the models;
:mod:`.dispatch` walks the command tree as cobra does.
"""
