"""Backends answer the CLI front end: the simulator (``sim``) or a real engine (``engine``)."""
