"""Listing interfaces and routes: ``ip``, ``ifconfig``, ``brctl``, ``bridge``, as busybox
(in containers) and iproute2/net-tools (on the host) print them."""
