"""Hand-built Topologies for the dns, reach and shell tests (no simulator state needed).

:func:`lab` mirrors a session recorded on Docker Engine 20.10 (names hs2*, ids, MACs and
interface indexes as the engine gave them), plus a few containers for the web tests:

- default bridge 172.17.0.0/16: hs2a (.2, also on hs2net as .5), hs2b (.3, ``--link
  hs2a:web``), hs2w (.19, busybox httpd on 80, ``-p 127.0.0.1:18642:80``), hs2g (.21,
  ``--link hs2a --link hs2w:www``);
- user network hs2net 172.19.0.0/16: hs2c (.2, alias svc), hs2d (.3, hostname
  myhost), hs2a (.5), web (.6, nginx, ``-p 8080:80``), old (stopped);
- internal network hs2int 172.30.0.0/16: hs2i1 (.2), hs2i2 (.3);
- an empty network spare 172.20.0.0/16 (bridge without carrier);
- hs2n (``--network none``), hs2h (``--network host``, serving 9000), hs2f
  (``--network container:hs2c``).
"""

from __future__ import annotations

from coursekit.models import (
    Container,
    Endpoint,
    Interface,
    Network,
    NetworkMode,
    PortBinding,
    Topology,
)

IDS = {
    "bridge": "bc45c8aeeb25572f4d280426a3f2a52059afce0a7d4511c01fd5d8fd24bb415c",
    "host": "0d457f9bc3d0" + "0" * 52, "none": "be5156fc4f15" + "0" * 52,
    "hs2net": "9289ff5ec0edb91a269dbf2e66b62f5585c66356262420f92fa5159d7d55134e",
    "hs2int": "58ac643b24fd" + "1" * 52, "spare": "710527f29c33" + "2" * 52,
    "hs2a": "e4875b2c31cb8a6725f2b6df25365fb2b980bfb246baf9727ec64f7af863eb02",
    "hs2b": "f7cff9136a57461dcea1923de549c089ca37f0044a4fb488c39075fb5b3d33c8",
    "hs2c": "66255337ca766a0050d928ef1e0778fa84e954ef11c59e296875ce69a3e60161",
    "hs2d": "87f2fd90682964dc84576f8f3d0a1142ea292923ae3fdd449aeef0345b6378d7",
    "hs2w": "88afc7d5a643508b2baefd9d384163b0473901b36776a5fd81e6130b676f3864",
    "hs2g": "581f49d570cf" + "3" * 52, "web": "a1b2c3d4e5f6" + "4" * 52,
    "old": "0123456789ab" + "5" * 52, "hs2n": "b3a728e9b2de" + "6" * 52,
    "hs2h": "8612fafefc2b88a3e2e6d71432ae715938eeaa2c10eca2c7a32681c93e8203c4",
    "hs2f": "f0f0f0f0f0f0" + "7" * 52, "hs2i1": "1111aaaa2222" + "8" * 52,
    "hs2i2": "3333bbbb4444" + "9" * 52,
}
LO = Interface(1, "lo", "loopback", ipv4=("127.0.0.1/8",), mtu=65536)
HOST_LO = Interface(1, "lo", "loopback", ipv4=("127.0.0.1/8",), ipv6=("::1/128",), mtu=65536)
SUBNETS = {"bridge": ("172.17.0.0/16", "172.17.0.1", "docker0"),
           "hs2net": ("172.19.0.0/16", "172.19.0.1", "br-9289ff5ec0ed"),
           "hs2int": ("172.30.0.0/16", "172.30.0.1", "br-58ac643b24fd"),
           "spare": ("172.20.0.0/16", "172.20.0.1", "br-710527f29c33")}


def network(name: str, internal: bool = False) -> Network:
    subnet, gateway, bridge = SUBNETS[name]
    return Network(IDS[name], name, "bridge", subnet=subnet, gateway=gateway, bridge=bridge,
                   internal=internal)


def mac_of(ip: str) -> str:
    """Engine 20.10's container MAC: 02:42 + the address bytes."""
    return "02:42:" + ":".join(f"{int(b):02x}" for b in ip.split("."))


def endpoint(net: str, ip: str, ifname: str = "eth0", aliases: tuple[str, ...] = (),
             links: tuple[str, ...] = ()) -> Endpoint:
    gateway = SUBNETS[net][1]
    return Endpoint(IDS[net], net, "e" * 64, ip, 16, gateway, mac_of(ip), aliases, links,
                    ifname=ifname)


def eth(index: int, ep: Endpoint) -> Interface:
    """The container end of a veth pair (its peer is index + 1 on the host)."""
    return Interface(index, ep.ifname, "veth", ep.mac, (ep.cidr,), peer_index=index + 1)


def container(name: str, eps: tuple[tuple[int, Endpoint], ...] = (), **kw: object) -> Container:
    fields: dict[str, object] = {"image": "busybox", "state": "running",
                                 "network_mode": eps[0][1].network_name if eps else "default",
                                 "hostname": IDS[name][:12],
                                 "endpoints": tuple(ep for _, ep in eps),
                                 "interfaces": (LO, *(eth(i, ep) for i, ep in eps)),
                                 "command": ("sleep", "1d")}
    fields.update(kw)
    fields["network_mode"] = NetworkMode.parse(str(fields["network_mode"]))
    return Container(id=IDS[name], name=name, **fields)  # type: ignore[arg-type]


def host_veth(index: int, name: str, master: str, mac: str) -> Interface:
    return Interface(index, name, "veth", mac, (), (_fe80(mac),), peer_index=index - 1,
                     master=master)


def _fe80(mac: str) -> str:
    from coursekit.backends.sim.host import link_local_ipv6
    return link_local_ipv6(mac)


def containers() -> tuple[Container, ...]:
    a_bridge, a_net = endpoint("bridge", "172.17.0.2"), endpoint("hs2net", "172.19.0.5", "eth1")
    c_ep = endpoint("hs2net", "172.19.0.2", aliases=("svc", IDS["hs2c"][:12]))
    hs2c = container("hs2c", ((18, c_ep),))
    return (
        container("hs2a", ((13, a_bridge), (69, a_net)), network_mode="default"),
        container("hs2b", ((15, endpoint("bridge", "172.17.0.3")),), network_mode="default",
                  links=("/hs2a:/hs2b/web",)),
        hs2c,
        container("hs2d", ((22, endpoint("hs2net", "172.19.0.3")),), hostname="myhost"),
        container("hs2w", ((40, endpoint("bridge", "172.17.0.19")),), network_mode="default",
                  command=("httpd", "-f", "-p", "80"), listening=(80,),
                  ports=(PortBinding(80, "tcp", "127.0.0.1", 18642),)),
        container("hs2g", ((42, endpoint("bridge", "172.17.0.21")),), network_mode="default",
                  links=("/hs2a:/hs2g/hs2a", "/hs2w:/hs2g/www")),
        container("web", ((44, endpoint("hs2net", "172.19.0.6")),), image="nginx:latest",
                  listening=(80,), ports=(PortBinding(80, "tcp", "0.0.0.0", 8080),
                                          PortBinding(80, "tcp", "::", 8080))),
        container("old", (), state="exited", network_mode="hs2net",
                  endpoints=(Endpoint(IDS["hs2net"], "hs2net"),), interfaces=()),
        container("hs2n", (), network_mode="none", interfaces=(LO,),
                  endpoints=(Endpoint(IDS["none"], "none"),)),
        container("hs2h", (), network_mode="host", hostname="vm", interfaces=HOST_IFACES,
                  endpoints=(Endpoint(IDS["host"], "host"),), listening=(9000,)),
        container("hs2f", (), network_mode=f"container:{IDS['hs2c']}",
                  interfaces=hs2c.interfaces),
        container("hs2i1", ((148, endpoint("hs2int", "172.30.0.2")),)),
        container("hs2i2", ((150, endpoint("hs2int", "172.30.0.3")),)),
    )


HOST_IFACES: tuple[Interface, ...] = (
    HOST_LO,
    Interface(2, "enp0s3", "ether", "08:00:27:3a:5c:d1", ("10.0.2.15/24",),
              ("fe80::a00:27ff:fe3a:5cd1/64",)),
    Interface(3, "virbr0", "bridge", "52:54:00:8e:2f:41", ("192.168.122.1/24",), carrier=False),
    Interface(5, "docker0", "bridge", "02:42:c2:b9:87:b7", ("172.17.0.1/16",),
              ("fe80::42:c2ff:feb9:87b7/64",)),
    host_veth(14, "veth6484d0c", "docker0", "5a:ee:92:32:eb:ce"),
    host_veth(16, "veth45ac90f", "docker0", "3a:c2:a3:6a:29:7c"),
    Interface(17, "br-9289ff5ec0ed", "bridge", "02:42:59:e8:02:b4", ("172.19.0.1/16",),
              ("fe80::42:59ff:fee8:2b4/64",)),
    host_veth(19, "vethfda4943", "br-9289ff5ec0ed", "7e:90:12:73:29:9e"),
    Interface(20, "br-710527f29c33", "bridge", "02:42:a9:b3:0f:74", ("172.20.0.1/16",),
              carrier=False),
    host_veth(23, "veth736f59e", "br-9289ff5ec0ed", "46:93:40:08:e3:bc"),
    host_veth(41, "veth592736a", "docker0", "2e:a2:75:c9:80:e4"),
    host_veth(43, "veth5cf2567", "docker0", "aa:2c:2e:c7:02:35"),
    host_veth(45, "vetheb2bb2a", "br-9289ff5ec0ed", "96:20:aa:90:e2:e6"),
    host_veth(70, "vethc7c265c", "br-9289ff5ec0ed", "52:ea:0c:9f:fb:e9"),
    Interface(147, "br-58ac643b24fd", "bridge", "02:42:07:b5:fd:26", ("172.30.0.1/16",),
              ("fe80::42:7ff:feb5:fd26/64",)),
    host_veth(149, "veth4c7c211", "br-58ac643b24fd", "02:c7:09:0b:80:81"),
    host_veth(151, "veth028adfe", "br-58ac643b24fd", "7a:a1:94:63:c0:e7"),
)


def lab() -> Topology:
    """The recorded session as one Topology."""
    nets = (network("bridge"), Network(IDS["host"], "host", "host"),
            Network(IDS["none"], "none", "null"), network("hs2net"),
            network("hs2int", internal=True), network("spare"))
    return Topology("sim", "vm", HOST_IFACES, nets, containers(), "20.10.24")


def replace(topology: Topology, name: str, **changes: object) -> Topology:
    """The topology with one container's fields changed (e.g. ``state="exited"``)."""
    from dataclasses import replace as dc_replace
    updated = tuple(dc_replace(c, **changes) if c.name == name else c  # type: ignore[arg-type]
                    for c in topology.containers)
    return dc_replace(topology, containers=updated)
