"""What runs inside a network namespace: busybox in containers, the host's own tools.

Every command here is a pure function of a :class:`~coursekit.models.Topology` (the
daemon's snapshot) and the argv. The userland never imports the daemon (nor the
network drivers, the daemon's plugins; only :mod:`coursekit.backends.sim.host`): it
cannot change state, only describe what a program would print.
"""
