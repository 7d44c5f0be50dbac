"""The programs a learner runs to look around: ``ps``, ``netstat``, ``route``, ``ls``, ``arp``
and ``ip neigh``, the ``/proc/net`` files, and the host's ``ss``.

Each module is a pure function of a :class:`~coursekit.models.Topology` (through a
:class:`~coursekit.backends.sim.userland.namespace.Site`) and an argv, printing as the
Debian busybox 1.35 image on the lab's engines does (inside containers) or as Debian 12's
iproute2 does (``ss`` on the host).
"""
