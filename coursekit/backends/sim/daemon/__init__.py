"""The simulated daemon: the engine's state and rules, and the daemon's own messages.

It owns networks, endpoints, IPAM pools, published ports, names and ids, the container
lifecycle and the images. Its only view outwards is :mod:`.snapshot`, which turns the
records into the frozen models that the userland and every front end read.
"""
