"""Pure formatting: models in, the exact text the docker CLI prints out.

:mod:`.text` renders each command's output, :mod:`.rows` the rows of ``ps`` and ``network
ls``, :mod:`.tabwriter` their columns, :mod:`.inspect` the inspect documents and
:mod:`.typed` those documents as the CLI's Go structs for ``--format``.
"""
