"""Traffic counters that move: ``ifconfig`` RX/TX after a ping or a wget, on both sides.

The figures are deterministic: 98 bytes per default ping packet (56 + 8 + 20 + 14),
mirrored by the peer and by the host's end of the veth pair.
"""

from __future__ import annotations

import re

import pytest
from profile_labs import BOTH, lab

from coursekit import Lab
from coursekit.backends.sim.userland.traffic import flows


def pair(engine: str) -> Lab:
    box = lab(engine)
    for line in ("docker run -d --name c1 busybox sleep 1d",
                 "docker run -d --name c2 busybox sleep 1d"):
        assert box.sh(line).exit_code == 0
    return box


def figures(box: Lab, where: str, dev: str = "eth0") -> tuple[int, int, int, int]:
    """(RX packets, RX bytes, TX packets, TX bytes) as busybox ifconfig prints them."""
    text = box.sh(f"docker exec {where} ifconfig {dev}").stdout
    rx, tx = (int(n) for n in re.findall(r"[RT]X packets:(\d+)", text))
    rx_b, tx_b = (int(n) for n in re.findall(r"[RT]X bytes:(\d+)", text))
    return rx, rx_b, tx, tx_b


def delta(after: tuple[int, ...], before: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(a - b for a, b in zip(after, before, strict=True))


@BOTH
def test_ping_moves_both_ends(engine: str) -> None:
    """Three answered pings: three out and three back on the sender, mirrored on the peer."""
    box = pair(engine)
    one, two = figures(box, "c1"), figures(box, "c2")
    assert box.sh("docker exec c1 ping -c 3 172.17.0.3").exit_code == 0
    assert delta(figures(box, "c1"), one) == (3, 294, 3, 294)
    assert delta(figures(box, "c2"), two) == (3, 294, 3, 294)


@BOTH
def test_lost_pings_count_only_what_was_sent(engine: str) -> None:
    """Nobody holds the address: the requests go out, nothing comes back."""
    box = pair(engine)
    before = figures(box, "c1")
    box.sh("docker exec c1 ping -c 2 -W 1 172.17.0.99")
    assert delta(figures(box, "c1"), before) == (0, 0, 2, 196)


@BOTH
def test_no_route_counts_nothing(engine: str) -> None:
    """``--network none``: the ping cannot be sent, lo stays as it was."""
    box = lab(engine)
    box.sh("docker run -d --name n1 --network none busybox sleep 1d")
    before = figures(box, "n1", "lo")
    box.sh("docker exec n1 ping -c 1 172.17.0.1")
    assert figures(box, "n1", "lo") == before


@BOTH
def test_loopback_counts_both_directions(engine: str) -> None:
    """A ping to 127.0.0.1 is sent and received on lo, request and reply (84 bytes each)."""
    box = pair(engine)
    before = figures(box, "c1", "lo")
    box.sh("docker exec c1 ping -c 1 127.0.0.1")
    assert delta(figures(box, "c1", "lo"), before) == (2, 168, 2, 168)


@BOTH
def test_wget_counts_the_page(engine: str) -> None:
    """A fetched page counts a TCP exchange plus the page's bytes on the way in."""
    box = pair(engine)
    before = figures(box, "c1")
    page = box.sh("docker exec c1 wget -q -O- http://example.com/").stdout
    rx, rx_bytes, tx, tx_bytes = delta(figures(box, "c1"), before)
    assert (rx, tx) == (5, 5)
    assert rx_bytes == 5 * 66 + 180 + len(page.encode())
    assert tx_bytes == 5 * 66 + 120


@BOTH
def test_host_end_mirrors_the_container_end(engine: str) -> None:
    """The host's veth end received what the container sent (net-tools ifconfig)."""
    box = pair(engine)
    box.sh("docker exec c1 ping -c 3 172.17.0.3")
    c1 = box.snapshot().container("c1")
    assert c1 is not None
    eth0 = next(i for i in c1.interfaces if i.name == "eth0")
    veth = next(i for i in box.snapshot().host_interfaces if i.index == eth0.peer_index)
    assert veth.traffic == (eth0.traffic[2], eth0.traffic[3], eth0.traffic[0],
                            eth0.traffic[1])
    assert eth0.traffic == (3, 294, 3, 294)


@BOTH
def test_outside_traffic_crosses_the_hosts_nic(engine: str) -> None:
    """A ping to the internet counts on the host's uplink too."""
    box = pair(engine)
    before = box.snapshot().host_interfaces
    box.sh("docker exec c1 ping -c 2 8.8.8.8")
    card = next(i for i in box.snapshot().host_interfaces if i.name == "enp0s3")
    assert card.traffic == (2, 196, 2, 196)
    assert next(i for i in before if i.name == "enp0s3").traffic == (0, 0, 0, 0)


@BOTH
def test_restart_starts_counting_again(engine: str) -> None:
    """A restarted container has a new namespace: its counters are back to the baseline."""
    box = pair(engine)
    fresh = figures(box, "c1")
    box.sh("docker exec c1 ping -c 3 172.17.0.3")
    box.sh("docker restart c1")
    after = figures(box, "c1")
    assert after[0] - fresh[0] != 3 or after[2] - fresh[2] != 3
    assert box.snapshot().container("c1").interfaces[1].traffic == (0, 0, 0, 0)  # type: ignore[union-attr]


@BOTH
def test_one_shot_ping_counts_on_the_target(engine: str) -> None:
    """``docker run --rm busybox ping -c 2 c1-address``: the target received two pings."""
    box = pair(engine)
    before = figures(box, "c1")
    assert box.sh("docker run --rm busybox ping -c 2 172.17.0.2").exit_code == 0
    assert delta(figures(box, "c1"), before) == (2, 196, 2, 196)


@pytest.mark.parametrize("argv", [
    ("sh", "-c", "ping -c 1 172.17.0.3; ping -c 2 172.17.0.3"),
    ("busybox", "ping", "-c", "3", "172.17.0.3"),
])
def test_flows_look_into_shells_and_busybox(argv: tuple[str, ...]) -> None:
    """Commands inside ``sh -c`` and ``busybox APPLET`` are counted like bare ones."""
    box = pair("28.5")
    c1 = box.snapshot().container("c1")
    assert c1 is not None
    counted = flows(box.snapshot(), c1.id, argv)
    sent = sum(counts[2] for key, counts in counted if key[0] == c1.id and key[2] == "eth0")
    assert sent == 3


def test_counting_is_deterministic() -> None:
    """Two labs given the same commands print the same counters."""
    outputs = []
    for _ in range(2):
        box = pair("28.5")
        box.sh("docker exec c1 ping -c 2 172.17.0.3")
        outputs.append(box.sh("docker exec c2 ifconfig").stdout)
    assert outputs[0] == outputs[1]


@BOTH
def test_busybox_ip_has_no_statistics_option(engine: str) -> None:
    """busybox ``ip -s link`` prints its usage and exits 1 (observed on both engines)."""
    out = pair(engine).sh("docker exec c1 ip -s link show eth0")
    assert out.exit_code == 1 and out.stdout == ""
    assert out.stderr.startswith("BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call "
                                 "binary.\n\nUsage: ip [OPTIONS] address|route|link|")


@BOTH
def test_proc_net_dev_follows_the_counters(engine: str) -> None:
    """``/proc/net/dev`` shows the same figures as ifconfig, after traffic too."""
    box = pair(engine)
    box.sh("docker exec c1 ping -c 3 172.17.0.3")
    rx, rx_bytes, tx, tx_bytes = figures(box, "c1")
    row = next(line for line in box.sh("docker exec c1 cat /proc/net/dev").stdout.splitlines()
               if line.strip().startswith("eth0:"))
    fields = row.split(":", 1)[1].split()
    assert (int(fields[0]), int(fields[1]), int(fields[8]), int(fields[9])) == \
        (rx_bytes, rx, tx_bytes, tx)


def test_namespaces_answers_as_namespace_of_for_every_container() -> None:
    """The one-pass table the counters use equals asking for each container alone: owners,
    followers (one left behind in a stopped owner's namespace), host mode, none, stopped."""
    from coursekit.backends.sim import SimBackend
    from coursekit.backends.sim.userland.namespace import namespace_of, namespaces
    from coursekit.cli import run_line

    backend = SimBackend(seed=0)
    for line in ("docker run -d --name own busybox sleep 1d",
                 "docker run -d --name f1 --network container:own busybox sleep 1d",
                 "docker run -d --name gone busybox sleep 1d",
                 "docker run -d --name f2 --network container:gone busybox sleep 1d",
                 "docker stop -t 0 gone", "docker start gone",
                 "docker run -d --name hh --network host busybox sleep 1d",
                 "docker run -d --name nn --network none busybox sleep 1d",
                 "docker create --name idle busybox sleep 1d"):
        assert run_line(backend, line).exit_code == 0, line
    topology = backend.snapshot()
    table = namespaces(topology)
    assert table == {c.id: namespace_of(topology, c) for c in topology.containers}
    by_name = {c.name.lstrip("/"): c.id for c in topology.containers}
    assert table[by_name["f1"]].owner is not None and table[by_name["f1"]].owner.name == "own"
    assert table[by_name["f2"]].members == (topology.container(by_name["f2"]),)  # left behind
    assert table[by_name["hh"]].is_host
