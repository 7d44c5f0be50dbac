"""The daemon's words where engines 20.10 and 28.5 say the same thing differently.

Engine 28 wraps many errors in the step that failed. Each template below was read off
the goldens, 20.10 (tests/golden/20.10) against 28.5 (tests/golden/28.5), on the same
command lines:

- a start that fails while networking is set up (an unknown network, an ``--ip`` already
  taken, a host port already allocated) gains ``failed to set up container networking:``
  (09-messages step 15, 07-user-defined step 18, 03-bridge step 12);
- ``docker network rm`` of a network in use names its endpoints, ``name:"o1"
  id:"<12 hex of the endpoint id>"``, in the order they joined, instead of the network's
  id (07-user-defined step 19, 09-messages step 4);
- a bad ``--subnet``: ``invalid network config:`` and a new wording (09-messages step 12);
- a ``--subnet`` overlapping a network: ``invalid pool request:`` (09-messages step 13);
- no predefined pool left: a new sentence (10-pools step 38);
- a stopped container's refusals (exec, pause, top, kill) start with a lower-case
  ``container``; ``docker kill`` says ``cannot kill container:`` and checks the signal
  first; ``docker rm`` of a paused container has a new sentence (13-lifecycle);
- ``--network container:X`` whose X is missing at start: ``joining network namespace of
  container:``; whose X is stopped: ``cannot join network namespace of a non running
  container: container X is exited`` instead of X's id (11-profiles steps 20 and 24);
- a main process the runtime cannot exec (``docker run busybox nosuch``): 28.5 puts
  ``failed to create task for container:`` before runc's words, 20.10 puts ``: unknown``
  after them (observed on both engines in ``docker run``, ``docker start``, ``State.Error``).

A template is filled with :meth:`str.format`; it uses the fields it needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from coursekit.errors import DockerError, NotFound


@dataclass(frozen=True)
class DaemonWords:
    """One engine's wording of the messages that differ (see the module docstring)."""

    network_setup: str
    """A failure while a starting container's networking is set up: ``{reason}``."""
    joining_namespace: str
    """A ``container:X`` mode whose X cannot be found at start: ``{reason}``."""
    owner_stopped: str
    """A ``container:X`` mode whose X does not run: ``{id}``, ``{name}``, ``{state}``."""
    active_endpoints: str
    """``docker network rm`` of a network in use: ``{name}``, ``{id}``, ``{endpoints}``."""
    endpoint: str
    """One endpoint in ``{endpoints}``: ``{name}`` (the container's), ``{id}`` (short)."""
    invalid_subnet: str
    """A ``--subnet`` that is no CIDR: ``{subnet}``."""
    pool_overlap: str
    no_pool: str
    exec_stopped: str
    """``docker exec``, ``pause``, ``top`` or ``kill`` of a container that is not up: ``{id}``."""
    proxy_unsupported: str = "Error starting userland proxy: protocol not supported"
    """``-p PORT/sctp`` on a kernel without SCTP (this machine's): ``{address}``."""
    proxy_in_use: str | None = ("Error starting userland proxy: listen {net} {address}: bind: "
                                "address already in use")
    """A host port held on an overlapping address (``-p 8080:80``, then ``-p
    127.0.0.1:8080:80``): 20.10's allocator lets it through and the userland proxy cannot
    listen (``{net}`` is ``tcp4``, ``udp6``...; ``{address}`` the requested binding); None:
    28.5's allocator refuses it, naming the binding that holds the port (21-port-overlap)."""
    already_paused: str = "Container {id} is already paused"
    not_paused: str = "Container {id} is not paused"
    exec_paused: str = "Container {ref} is paused, unpause the container before exec"
    remove_paused: str = ('cannot remove container "{name}": container is paused and must '
                          "be unpaused first")
    """``docker rm`` of a paused container: ``{name}`` as typed, ``{id}``."""
    kill_failed: str = "cannot kill container: {ref}: {reason}"
    """``docker kill`` wraps its refusals, even of a missing container: ``{ref}`` as typed."""
    invalid_signal: str = "invalid signal: {text}"
    stop_failed: str = "cannot stop container: {ref}: {reason}"
    """``docker stop -s`` of a signal the daemon cannot parse: ``{ref}`` as typed."""
    restart_failed: str = "Cannot restart container {ref}: {reason}"
    runtime_create: str = "failed to create task for container: {reason}"
    """The runtime cannot create a container's main process: ``{reason}`` is runc's
    (``failed to create shim task: OCI runtime create failed: ...``)."""
    runtime_code: bool = False
    """Whether the runtime's words keep containerd's ``: unknown`` (its error code) last."""
    stop_reads_signal: bool = True
    """``docker stop/restart -s``: API 1.42 added the ``signal`` parameter; 20.10 (API 1.41)
    ignores it and sends SIGTERM (``-s KILL`` waits the timeout, ``-s bogus`` stops), as
    observed behind CLI 28.2.2 (20-run-stop-flags)."""
    unsupported_signal: str = "the linux daemon does not support signal {number}"
    signal_checked_first: bool = True
    """28.5 checks the signal before it looks the container up, inside ``kill_failed``;
    20.10's router refuses a name it cannot parse unwrapped, and its daemon checks the
    number only once it has found the container (13-lifecycle, tests/golden/*)."""

    def setup_failed(self, reason: str) -> str:
        """The start's failure while networking is set up."""
        return self.network_setup.format(reason=reason)

    def start_failed(self, reason: str, runtime: bool) -> str:
        """A start's refusal, worded by this engine when the runtime refused (``reason``:
        runc's words as containerd 1.6 relays them, ``...: unknown``)."""
        if not runtime:
            return reason
        if not self.runtime_code:
            reason = reason.removesuffix(": unknown")
        return self.runtime_create.format(reason=reason)

    def join_failed(self, reason: str) -> str:
        """The start's failure to find the container whose namespace it joins."""
        return self.joining_namespace.format(reason=reason)

    def not_running(self, owner_id: str, name: str, state: str) -> str:
        """The start's refusal to join the namespace of a container that does not run."""
        return self.owner_stopped.format(id=owner_id, name=name, state=state)

    def network_in_use(self, name: str, net_id: str,
                       endpoints: tuple[tuple[str, str], ...]) -> str:
        """``docker network rm``'s refusal; ``endpoints`` are (container name, endpoint id)."""
        listed = ", ".join(self.endpoint.format(name=ep_name, id=ep_id[:12])
                           for ep_name, ep_id in endpoints)
        return self.active_endpoints.format(name=name, id=net_id, endpoints=listed)

    def bad_subnet(self, subnet: str) -> str:
        """``docker network create --subnet``'s refusal of a text that is no CIDR."""
        return self.invalid_subnet.format(subnet=subnet)


WORDS_20_10 = DaemonWords(
    network_setup="{reason}",
    joining_namespace="{reason}",
    owner_stopped="cannot join network of a non running container: {id}",
    active_endpoints="error while removing network: network {name} id {id} has active endpoints",
    endpoint="",
    invalid_subnet="Invalid subnet {subnet} : invalid CIDR address: {subnet}",
    pool_overlap="Pool overlaps with other one on this address space",
    no_pool=("could not find an available, non-overlapping IPv4 address pool among the "
             "defaults to assign to the network"),
    exec_stopped="Container {id} is not running",
    runtime_create="{reason}",
    runtime_code=True,
    remove_paused=("You cannot remove a paused container {id}. Unpause and then stop the "
                   "container before attempting removal or force remove"),
    kill_failed="Cannot kill container: {ref}: {reason}",
    invalid_signal="Invalid signal: {text}",
    unsupported_signal="The linux daemon does not support signal {number}",
    signal_checked_first=False,
    stop_reads_signal=False,
)

WORDS_28_5 = DaemonWords(
    network_setup="failed to set up container networking: {reason}",
    joining_namespace="joining network namespace of container: {reason}",
    owner_stopped=("cannot join network namespace of a non running container: container "
                   "{name} is {state}"),
    active_endpoints=("error while removing network: network {name} has active endpoints "
                      "({endpoints})"),
    endpoint='name:"{name}" id:"{id}"',
    invalid_subnet="invalid network config:\ninvalid subnet {subnet}: invalid CIDR block notation",
    pool_overlap="invalid pool request: Pool overlaps with other one on this address space",
    no_pool="all predefined address pools have been fully subnetted",
    exec_stopped="container {id} is not running",
    proxy_unsupported=("error starting userland proxy: failed to listen on {address}: "
                       "protocol not supported"),
    proxy_in_use=None,
)


@dataclass(frozen=True)
class FilterWords:
    """One engine's refusals where the two engines differ (filled with str.format)."""

    invalid_key: str
    """``{key}``: a key the endpoint does not take."""
    invalid_status: str
    """``{value}``: a ``status`` that is no container state."""
    unknown_bound: str
    """``{ref}``: the container ``before``/``since`` names, missing."""
    unknown_bound_error: type[DockerError]
    """Its class: the HTTP status the engine answers with."""


FILTER_WORDS_20_10 = FilterWords("Invalid filter '{key}'", "Invalid filter 'status={value}'",
                                 "no such container {ref}", DockerError)
FILTER_WORDS_28_5 = FilterWords("invalid filter '{key}'",
                                "invalid filter 'status={value}': invalid value for state "
                                "({value}): must be one of created, running, paused, "
                                "restarting, removing, exited, dead",
                                "No such container: {ref}", NotFound)
