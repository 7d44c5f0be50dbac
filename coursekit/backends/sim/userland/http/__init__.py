"""HTTP through the simulated network: one GET resolved, routed and answered, and the
clients that print it (busybox and GNU ``wget``, ``curl``)."""
