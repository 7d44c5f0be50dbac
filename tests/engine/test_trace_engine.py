"""lab.trace on a real engine: the path is computed from the engine's state (marked so),
and its verdict is what the engine's own ping answers."""

from __future__ import annotations

import uuid
from typing import Any

from coursekit import Lab


def test_a_computed_path_agrees_with_the_engines_ping(engine_backend: Any) -> None:
    """Neighbours on one user network: delivered, and ping replies; across two networks:
    dropped by a rule, and ping loses the packet. Every path says it was computed."""
    lab = Lab.using(engine_backend)
    tag = uuid.uuid4().hex[:6]
    one, two, a, b, c = (f"tr{tag}{x}" for x in ("n1", "n2", "a", "b", "c"))
    for line in (f"docker network create {one}", f"docker network create {two}",
                 f"docker run -d --name {a} --network {one} busybox sleep 300",
                 f"docker run -d --name {b} --network {one} busybox sleep 300",
                 f"docker run -d --name {c} --network {two} busybox sleep 300"):
        assert lab.sh(line).exit_code == 0, line
    far = lab.sh(f"docker inspect -f '{{{{.NetworkSettings.Networks.{two}.IPAddress}}}}' {c}")
    for dst, delivered in ((b, True), (far.stdout.strip(), False)):
        line = f"docker exec {a} ping -c 1 -W 1 {dst}"
        path = lab.trace(line)
        assert path.computed and "computed" in path.text
        assert path.delivered is delivered, path.text
        assert (lab.sh(line).exit_code == 0) is delivered
        assert bool(path.rule) is not delivered
