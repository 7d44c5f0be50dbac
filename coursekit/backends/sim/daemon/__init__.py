"""The simulated daemon: the engine's state and rules, and the daemon's own messages.

It owns networks, endpoints, IPAM pools, published ports, names and ids, the container
lifecycle and the images; what a network is on the host and what joining it means is
asked of its driver (:mod:`coursekit.backends.sim.drivers`). Its only view outwards is
:mod:`.snapshot`, which turns the records into the frozen models that the userland and
every front end read; it never imports the userland (the backend hands it the shell
simulator where a one-shot command must run).
"""
