"""Endpoint strategies: what an endpoint reports as its names, and when its settings are checked.

**Names** (``Aliases`` and ``DNSNames`` in ``docker inspect``). On a user-defined network
the embedded DNS answers for a container's name, its ``--network-alias`` aliases and its
short id on both engines; what the endpoint *reports* differs:

- :class:`ShortIdAlias` (20.10): ``Aliases`` is the user's aliases, then the short id and
  the hostname when not there yet, from the first start or ``docker network connect`` on
  (``["web", "www", "d5d8a06c5889"]``; with ``--hostname pchost``: ``["pa1",
  "ebc6179a0528", "pchost"]``), ``DNSNames`` is absent (tests/cli/data/engine_observed.json;
  tests/golden/20.10/11-profiles.json steps 6, 9, 13);
- :class:`DnsNames` (28.5): ``Aliases`` is only what the user asked for, ``DNSNames``
  lists every name the DNS answers for, ``[name, aliases..., short id, hostname]``
  without repeats (``["hr3m1", "web", "www", "6a7cc64cd6d4"]``), set when the endpoint
  joins or a stopped container is connected, kept after a stop, empty on bridge, host
  and none (tests/cli/data/engine_observed-28.5.json; tests/golden/28.5/11-profiles.json
  steps 6, 9, 13, 16, 23).

**Checks** (``--ip`` and ``--network-alias``, which need a user-defined network, ``--ip``
one with a ``--subnet``). :class:`AtStart` (20.10) checks when the endpoint joins: ``docker
run --ip 172.17.0.9`` creates the container, then fails to start it with the first
reason that applies (tests/golden/20.10/09-messages.json step 14). :class:`AtCreate`
(28.5) refuses at ``docker create`` already, listing every reason (step 14 of the 28.5
golden; no container is left): ``invalid config for network bridge: invalid endpoint
settings:``, then the reason, or one ``* reason`` line each when there are several (Go's
joined errors: ``* user specified IP address is supported on user defined networks only``,
``* user specified IP address is supported only when connecting to networks with user
configured subnets``); ``docker network connect`` says the same without naming the
network (tests/golden/28.5/11-profiles.json steps 17, 18, 19).

``--ip6`` (tests/golden/*/19-ipv6-names.json): 28.5 adds, in moby's order, ``invalid IPv6
address: X`` when X is not an IPv6 address, then for a network with an IPv6 ``--subnet`` of
the user's ``no configured subnet or ip-range contain the IP address X`` when the subnet
does not hold it (else the ``user configured subnets`` reason); ``docker run --network lab6
--ip6 bad`` lists both. 20.10 refuses an invalid one at create with ``invalid IPv6 address:
X`` alone (nothing is left); it parses the address only when it makes the endpoint (a
running container's ``docker network connect``, a start), with ``Invalid IPv6 address: X)``
(its parenthesis), so a stopped container is connected with it and fails its start; an
address outside the subnet fails there too, in the IPAM's words (observed on 20.10.24:
``docker create``, ``network connect --ip6 bad lab6``, then ``start``).
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv6Address, IPv6Network
from typing import Protocol

from coursekit.errors import InvalidArgument

IP_ON_PREDEFINED = "user specified IP address is supported on user defined networks only"
ALIAS_ON_PREDEFINED = ("network-scoped alias is supported only for containers in user "
                       "defined networks")
IP_WITHOUT_SUBNET = ("user specified IP address is supported only when connecting to "
                     "networks with user configured subnets")


class NetworkView(Protocol):
    """What the checks read of a network."""

    @property
    def name(self) -> str: ...

    @property
    def predefined(self) -> bool: ...

    @property
    def user_subnet(self) -> bool: ...

    @property
    def user_subnet6(self) -> bool: ...

    @property
    def subnet6_text(self) -> str | None: ...


class ContainerView(Protocol):
    """What the names are made of."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def hostname(self) -> str: ...


def reasons(net: NetworkView, ip: str, aliases: tuple[str, ...], ip6: str = "",
            ranges: bool = True, parsed6: bool = True) -> list[str]:
    """Every reason the daemon has to refuse ``--ip``/``--ip6``/``--alias`` on ``net``, in
    moby's order (``ranges``: also whether a user subnet holds ``--ip6``, as 28.5 checks;
    ``parsed6``: also whether ``--ip6`` is an address, which 20.10 asks only later)."""
    found = []
    if net.predefined and (ip or ip6):
        found.append(IP_ON_PREDEFINED)
    if net.predefined and aliases:
        found.append(ALIAS_ON_PREDEFINED)
    if ip6 and parsed6 and not is_ipv6(ip6):
        found.append(f"invalid IPv6 address: {ip6}")
    if ip and not net.user_subnet:
        found.append(IP_WITHOUT_SUBNET)
    if ip6 and not net.user_subnet6:
        found.append(IP_WITHOUT_SUBNET)
    elif ip6 and ranges and not _holds(net.subnet6_text, ip6):
        found.append(f"no configured subnet or ip-range contain the IP address {ip6}")
    return found


def is_ipv6(text: str) -> bool:
    """Go's ``net.ParseIP`` gives an IPv6 address that is not IPv4 nor ``::``."""
    try:
        return not IPv6Address(text).is_unspecified
    except ValueError:
        return False


def _holds(subnet6: str | None, ip6: str) -> bool:
    try:
        return subnet6 is not None and IPv6Address(ip6) in IPv6Network(subnet6, strict=False)
    except ValueError:
        return False


class EndpointChecks(Protocol):
    """When the daemon checks an endpoint's ``--ip``/``--ip6`` and aliases, and in which words."""

    def at_create(self, net: NetworkView, ip: str, aliases: tuple[str, ...],
                  ip6: str = "") -> None:
        """``docker create``/``run``: InvalidArgument if refused here."""

    def at_connect(self, net: NetworkView, ip: str, aliases: tuple[str, ...],
                   ip6: str = "") -> None:
        """``docker network connect`` (stopped or running) and ``docker start``, before
        anything is recorded: InvalidArgument if refused."""

    def at_endpoint(self, ip6: str) -> None:
        """Making the endpoint (a running container's connect, a start), after the
        settings were recorded: InvalidArgument if refused."""


@dataclass(frozen=True)
class AtStart:
    """Engine 20.10: at create only an invalid ``--ip6``; at connect the first reason,
    bare; the ``--ip6`` parsed when the endpoint is made."""

    def at_create(self, net: NetworkView, ip: str, aliases: tuple[str, ...],
                  ip6: str = "") -> None:
        if ip6 and not is_ipv6(ip6):
            raise InvalidArgument(f"invalid IPv6 address: {ip6}")

    def at_connect(self, net: NetworkView, ip: str, aliases: tuple[str, ...],
                   ip6: str = "") -> None:
        found = reasons(net, ip, aliases, ip6, ranges=False, parsed6=False)
        if found:
            raise InvalidArgument(found[0])

    def at_endpoint(self, ip6: str) -> None:
        if ip6 and not is_ipv6(ip6):
            raise InvalidArgument(f"Invalid IPv6 address: {ip6})")


@dataclass(frozen=True)
class AtCreate:
    """Engine 28.5: every reason, at create and again at connect."""

    def at_create(self, net: NetworkView, ip: str, aliases: tuple[str, ...],
                  ip6: str = "") -> None:
        found = reasons(net, ip, aliases, ip6)
        if found:
            raise InvalidArgument(f"invalid config for network {net.name}: "
                                  + settings_text(found))

    def at_connect(self, net: NetworkView, ip: str, aliases: tuple[str, ...],
                   ip6: str = "") -> None:
        found = reasons(net, ip, aliases, ip6)
        if found:
            raise InvalidArgument(settings_text(found))

    def at_endpoint(self, ip6: str) -> None:
        return None


def settings_text(found: list[str]) -> str:
    """``invalid endpoint settings:`` then the reason, or ``* reason`` lines for several."""
    if len(found) == 1:
        return f"invalid endpoint settings:\n{found[0]}"
    return "invalid endpoint settings:\n" + "\n".join(f"* {reason}" for reason in found)


class EndpointNames(Protocol):
    """What an attached endpoint reports as ``Aliases`` and ``DNSNames``."""

    def aliases(self, ctr: ContainerView, requested: tuple[str, ...],
                user_defined: bool) -> tuple[str, ...]:
        """``Aliases`` once the endpoint joined (or a stopped container was connected)."""

    def dns_names(self, ctr: ContainerView, requested: tuple[str, ...],
                  user_defined: bool) -> tuple[str, ...]:
        """``DNSNames`` then (empty: null in the document)."""


@dataclass(frozen=True)
class ShortIdAlias:
    """Engine 20.10: the short id and the hostname join the aliases on a user network."""

    def aliases(self, ctr: ContainerView, requested: tuple[str, ...],
                user_defined: bool) -> tuple[str, ...]:
        if not user_defined:
            return requested
        names = (*requested, ctr.id[:12], ctr.hostname)
        return tuple(dict.fromkeys(name for name in names if name))

    def dns_names(self, ctr: ContainerView, requested: tuple[str, ...],
                  user_defined: bool) -> tuple[str, ...]:
        return ()


@dataclass(frozen=True)
class DnsNames:
    """Engine 28.5: aliases as asked; DNSNames the name, aliases, short id and hostname."""

    def aliases(self, ctr: ContainerView, requested: tuple[str, ...],
                user_defined: bool) -> tuple[str, ...]:
        return requested

    def dns_names(self, ctr: ContainerView, requested: tuple[str, ...],
                  user_defined: bool) -> tuple[str, ...]:
        if not user_defined:
            return ()
        names = (ctr.name.lstrip("/"), *requested, ctr.id[:12], ctr.hostname)
        return tuple(dict.fromkeys(name for name in names if name))
