"""``docker network ls|inspect|create|rm|connect|disconnect|prune``, as the CLI prints them.

``docker network create`` checks its IPAM flags itself before asking the daemon
(``every ip-range or gateway must have a corresponding subnet``, exit 1, no daemon
prefix). The backend takes one subnet, gateway and ip-range per address family (an
IPv4 one, and an IPv6 one for ``--ipv6``): extra ``--subnet`` values of a family after a
valid first one are ignored. ``docker network rm`` reports each
failure and ends with ``exit status 1``. Without ``-f``, ``docker network prune``
asks for confirmation; a notebook has no keyboard, so the question goes unanswered
(as with a closed stdin: nothing is removed, exit 0) and a note suggests ``-f``.
"""

from __future__ import annotations

import ipaddress

from coursekit.backends.base import Backend, NetworkSpec
from coursekit.cli.commands.base import (
    NOTE,
    cli_of,
    daemon_error,
    daemon_text,
    natural_key,
)
from coursekit.cli.commands.filters import parse_filters
from coursekit.cli.commands.query import inspect_output, template_error
from coursekit.cli.flags.grammar import Parsed
from coursekit.cli.gotemplate.template import TemplateError
from coursekit.cli.render import inspect as inspect_json
from coursekit.cli.render import text as render
from coursekit.errors import DockerError, NotFound
from coursekit.result import CommandResult

PRUNE_QUESTION = ("WARNING! This will remove all custom networks not used by at least one "
                  "container.\nAre you sure you want to continue? [y/N] ")


def ls(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker network ls [-q] [--no-trunc] [-f KEY=VALUE] [--format T]``."""
    try:
        networks = sorted(backend.networks(parse_filters(parsed.all("filter"))),
                          key=lambda n: natural_key(n.name))
    except DockerError as err:
        return daemon_error(err)
    try:
        text = render.network_ls(networks, quiet=parsed.on("quiet"),
                                 no_trunc=parsed.on("no-trunc"),
                                 template=parsed.last("format") or None,
                                 dialect=cli_of(backend).dialect, shape=backend.profile().shape)
    except TemplateError as err:
        return template_error(err)
    return CommandResult(text)


def inspect(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker network inspect [-f T] NETWORK...``: found ones printed, then the errors."""
    found: list[dict[str, object]] = []
    errors: list[str] = []
    for ref in parsed.args:
        try:
            found.append(render_network(backend, ref))
        except DockerError as err:
            errors.append(daemon_text(err) + "\n")
    return inspect_output(found, errors, parsed.last("format") or None, cli_of(backend).dialect)


def render_network(backend: Backend, ref: str) -> dict[str, object]:
    """One network's inspect JSON object."""
    return inspect_json.network_json(backend.network(ref), backend.profile().shape)


# ---------------------------------------------------------------- create

def _net(text: str, kind: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise ValueError(f"invalid {kind}: invalid CIDR address: {text}") from None


def _inside(subnets: list[str], value: str, what: str) -> None:
    """createIPAMConfig: a gateway or range must sit in one of the subnets."""
    nets = [_net(s, "subnet") for s in subnets]
    try:
        addr = ipaddress.ip_network(value, strict=False) if "/" in value else \
            ipaddress.ip_network(value + ("/32" if ":" not in value else "/128"))
    except ValueError:
        raise ValueError(f"no matching subnet for {what} {value}") from None
    if not any(addr.network_address in n for n in nets):
        raise ValueError(f"no matching subnet for {what} {value}")


def check_ipam(subnets: list[str], ranges: list[str], gateways: list[str]) -> None:
    """The CLI's own IPAM checks (ValueError with its message)."""
    if len(subnets) < len(ranges) or len(subnets) < len(gateways):
        raise ValueError("every ip-range or gateway must have a corresponding subnet")
    if len(subnets) > 1:
        nets = [_net(s, "subnet") for s in subnets]
        for i, a in enumerate(nets):
            if any(a.overlaps(b) for b in nets[i + 1:] if a.version == b.version):
                raise ValueError("multiple overlapping subnet configuration is not supported")
    for value in ranges:
        _inside(subnets, value, "range")
    for value in gateways:
        _inside(subnets, value, "gateway")


def _pairs(values: list[str]) -> tuple[tuple[str, str], ...]:
    return tuple((k, v) for k, _, v in (item.partition("=") for item in values))


def _family(values: list[str], v6: bool) -> str | None:
    """The first value of one address family (an IPv6 one has a colon)."""
    return next((v for v in values if (":" in v) == v6), None)


def network_spec(parsed: Parsed) -> NetworkSpec:
    """The NetworkSpec for ``docker network create [OPTIONS] NAME``: one IPv4 and one
    IPv6 ``--subnet`` (with their ``--gateway`` and ``--ip-range``) at most."""
    subnets, ranges = parsed.all("subnet"), parsed.all("ip-range")
    gateways = parsed.all("gateway")
    check_ipam(subnets, ranges, gateways)
    return NetworkSpec(
        name=parsed.args[0], driver=parsed.last("driver", "bridge"),
        subnet=_family(subnets, False), gateway=_family(gateways, False),
        ip_range=_family(ranges, False), internal=parsed.on("internal"),
        attachable=parsed.on("attachable"), labels=_pairs(parsed.all("label")),
        options=_pairs(parsed.all("opt")), ipv6=parsed.on("ipv6"),
        subnet6=_family(subnets, True), gateway6=_family(gateways, True),
        ip_range6=_family(ranges, True))


def create(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker network create [OPTIONS] NETWORK``: prints the new network's id."""
    try:
        spec = network_spec(parsed)
    except ValueError as exc:
        return CommandResult("", f"{exc}\n", 1)
    try:
        network = backend.create_network(spec)
    except DockerError as err:
        return daemon_error(err)
    return CommandResult(f"{network.id}\n")


# ---------------------------------------------------------------- rm / connect / prune

def rm(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker network rm [-f] NETWORK...``: each name as given; failures, then exit status 1."""
    done, errors = [], []
    for ref in parsed.args:
        try:
            backend.remove_network(ref)
            done.append(f"{ref}\n")
        except NotFound as err:
            if not parsed.on("force"):
                errors.append(daemon_text(err) + "\n")
        except DockerError as err:
            errors.append(daemon_text(err) + "\n")
    if errors:
        return CommandResult("".join(done), "".join(errors) + "exit status 1\n", 1)
    return CommandResult("".join(done))


def connect(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker network connect [--ip IP] [--alias A]... NETWORK CONTAINER``."""
    net, container = parsed.args
    try:
        backend.connect(net, container, ip=parsed.last("ip") or None,
                        aliases=tuple(parsed.all("alias")), ip6=parsed.last("ip6") or None,
                        links=tuple(parsed.all("link")))
    except DockerError as err:
        return daemon_error(err)
    return CommandResult()


def disconnect(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker network disconnect [-f] NETWORK CONTAINER``."""
    net, container = parsed.args
    try:
        backend.disconnect(net, container, force=parsed.on("force"))
    except DockerError as err:
        return daemon_error(err)
    return CommandResult()


def prune(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker network prune [-f]``: ``Deleted Networks:`` and the names, then a blank line."""
    if not parsed.on("force"):  # --filter: refused by the flag policy, before this
        return CommandResult(PRUNE_QUESTION, f"\n{NOTE}nobody can answer this question in a "
                             "notebook, so nothing was removed. To prune without the "
                             "question: docker network prune -f\n")
    try:
        names = backend.prune_networks()
    except DockerError as err:
        return daemon_error(err)
    if not names:
        return CommandResult()
    return CommandResult("Deleted Networks:\n" + "".join(f"{n}\n" for n in names) + "\n")
