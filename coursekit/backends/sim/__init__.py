"""The simulated Docker engine: state in memory, behaviour computed, never replayed.

- ``daemon/``: the engine's records and rules (networks, endpoints, IPAM, ports, names,
  container lifecycle, images) and its messages;
- ``drivers/``: one module per network driver (bridge, host, null), the daemon's plugins;
- ``profiles/``: the strategies where the engines it plays (28.5, 20.10) differ, which
  both halves read (MACs, pools, interface numbering, endpoint names and checks, the
  files in a container, the daemon's words);
- ``userland/``: what runs inside a namespace, a pure function of a ``Topology``; it
  imports neither ``daemon/`` nor ``drivers/``;
- ``host.py``: the kernel's link table of the simulated machine, which both halves read;
- ``backend.py``: :class:`SimBackend`, where the halves meet.
"""

from coursekit.backends.sim.backend import SimBackend

__all__ = ["SimBackend"]
