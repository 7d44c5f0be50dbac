"""Running commands through the Docker Engine API: exec, a host helper, logs, the clock.

- ``docker exec REF ARGV...`` is three API calls: create the exec, start it with its
  output split into stdout and stderr (``demux``), then read its exit code.
- The container operations that are one API call each (``docker rename``, ``pause``,
  ``unpause``, ``kill``, ``top``, ``container prune``, and ``stop``/``restart`` with
  a signal) are :class:`ContainerOps`, a part
  of the engine backend; the daemon's refusals come back in its own words.
- A command "on the host" runs in a short-lived helper container started with
  ``--network host`` from the lab image, so ``ip addr`` shows the engine's host
  (the Linux VM under Docker Desktop, the machine itself elsewhere). The helper
  carries the lab label and is removed as soon as its output has been read.
"""

from __future__ import annotations

import re
import shlex
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

from docker import APIClient

from coursekit.backends.engine.errors import daemon_errors
from coursekit.backends.engine.spec import lab_labels
from coursekit.result import CommandResult

HELPER_TIMEOUT = 60
"""Seconds a host helper may run before it is stopped."""

_TIME = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)?$")


def _text(data: bytes | None) -> str:
    return data.decode("utf-8", errors="replace") if data else ""


def _exit_code(api: APIClient, exec_id: str) -> int:
    for _ in range(50):
        code = api.exec_inspect(exec_id).get("ExitCode")
        if code is not None:
            return int(code)
        time.sleep(0.02)
    return -1


def exec_argv(api: APIClient, ref: str, argv: tuple[str, ...]) -> CommandResult:
    """Equivalent to ``docker exec REF ARGV...``: stdout, stderr and exit code apart."""
    exec_id = api.exec_create(ref, list(argv), stdout=True, stderr=True)["Id"]
    out, err = api.exec_start(exec_id, demux=True)
    return CommandResult(_text(out), _text(err), _exit_code(api, exec_id))


def start_with_empty_stdin(api: APIClient, ref: str, empty_stdin: bool) -> None:
    """Start REF; with ``empty_stdin`` attach to its stdin first and close it once started,
    as the CLI does with an empty stdin (a ``StdinOnce`` container's stdin closes too)."""
    if not empty_stdin:
        api.start(ref)
        return
    sock = api.attach_socket(ref, params={"stdin": 1, "stream": 1})
    try:
        api.start(ref)
    finally:
        raw = getattr(sock, "_sock", sock)
        raw.close()
        sock.close()


def logs(api: APIClient, ref: str) -> CommandResult:
    """Equivalent to ``docker logs REF`` (stdout and stderr kept apart)."""
    out = api.logs(ref, stdout=True, stderr=False)
    err = api.logs(ref, stdout=False, stderr=True)
    return CommandResult(_text(out), _text(err), 0)


class ContainerOps:
    """The one-call container operations of :class:`~coursekit.backends.engine.backend.
    EngineBackend` (which provides ``api``, ``host`` and ``label_filter``)."""

    api: APIClient
    host: str

    @property
    def label_filter(self) -> dict[str, str]:
        raise NotImplementedError

    def post_stop(self, ref: str, action: str, signal: str, timeout: int) -> None:
        """``POST /containers/REF/stop`` (or ``restart``) with ``t`` and, when given,
        ``signal`` (the SDK's own calls cannot send one); the daemon's errors pass through."""
        params: dict[str, str | int] = {"t": timeout}
        if signal:
            params["signal"] = signal
        url = self.api._url(f"/containers/{{0}}/{action}", ref)
        response = self.api._post(url, params=params, timeout=timeout + HELPER_TIMEOUT)
        self.api._raise_for_status(response)

    def rename(self, ref: str, new_name: str) -> None:
        """Equivalent to ``docker rename REF NEW_NAME``."""
        with daemon_errors(self.host):
            self.api.rename(ref, new_name)

    def pause(self, ref: str) -> None:
        """Equivalent to ``docker pause REF``."""
        with daemon_errors(self.host):
            self.api.pause(ref)

    def unpause(self, ref: str) -> None:
        """Equivalent to ``docker unpause REF``."""
        with daemon_errors(self.host):
            self.api.unpause(ref)

    def kill(self, ref: str, signal: str = "KILL") -> None:
        """Equivalent to ``docker kill -s SIGNAL REF``; returns once the container list
        agrees with the signal's outcome (see :meth:`_settle`)."""
        with daemon_errors(self.host):
            self.api.kill(ref, signal=signal)
            self._settle(ref)

    def _settle(self, ref: str) -> None:
        """The daemon answers a SIGKILL once the process has gone, a moment before its
        container list says so: wait (at most 2 s) until ``docker ps`` agrees."""
        doc = self.api.inspect_container(ref)
        if doc["State"].get("Running"):
            return
        for _ in range(100):
            listed = self.api.containers(all=True, filters={"id": doc["Id"]})
            if not listed or listed[0].get("State") != "running":
                return
            time.sleep(0.02)

    def top(self, ref: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
        """Equivalent to ``docker top REF``: titles and rows, as the engine's ``ps`` gave them."""
        with daemon_errors(self.host):
            answer = self.api.top(ref)
        rows = tuple(tuple(str(cell) for cell in row) for row in answer.get("Processes") or ())
        return tuple(str(t) for t in answer.get("Titles") or ()), rows

    def prune_containers(self) -> tuple[tuple[str, ...], int]:
        """Like ``docker container prune -f``, but only for the lab's labelled containers
        (a learner's own stopped containers are never touched)."""
        with daemon_errors(self.host):
            pruned = self.api.prune_containers(filters=self.label_filter)
        return tuple(pruned.get("ContainersDeleted") or ()), int(pruned.get("SpaceReclaimed") or 0)


def curl_request(argv: tuple[str, ...]) -> tuple[str, ...] | None:
    """The helper image is busybox, which has no curl: ``curl [-s] [-S] http://HOST[:PORT]/P``
    (how the course fetches a page from the host) is sent as a plain HTTP/1.0 GET through
    busybox ``nc``, so the body comes back whatever the status, as with curl."""
    flags = [a for a in argv[1:] if a.startswith("-")]
    urls = [a for a in argv[1:] if not a.startswith("-")]
    if argv[:1] != ("curl",) or len(urls) != 1 or not set("".join(flags)) <= {"-", "s", "S"}:
        return None
    url = urlsplit(urls[0] if "://" in urls[0] else f"http://{urls[0]}")
    if url.scheme != "http" or not url.hostname:
        return None
    request = f"GET {url.path or '/'} HTTP/1.0\r\nHost: {url.netloc}\r\n\r\n"
    line = (f"printf %s {shlex.quote(request)} | nc -w 2 {shlex.quote(url.hostname)} "
            f"{url.port or 80}")
    return ("sh", "-c", line)


def curl_result(argv: tuple[str, ...], raw: CommandResult) -> CommandResult:
    """What ``curl -s URL`` prints, from what ``nc`` received (headers dropped)."""
    if raw.exit_code != 0 or not raw.stdout:
        shown = "-S" in argv or "-sS" in argv
        message = f"curl: (7) Failed to connect to {urlsplit(argv[-1]).hostname}\n"
        return CommandResult("", message if shown else "", 7)
    head, _, body = raw.stdout.partition("\r\n\r\n")
    return CommandResult(body if head.startswith("HTTP/") else raw.stdout, "", 0)


NETFILTER = frozenset({"iptables", "iptables-save", "ip6tables", "ip6tables-save", "nft"})
ROOT_ONLY = ("coursekit: the host's firewall rules cannot be read from the lab on a real engine "
             "(its helper container has neither {tool} nor the privileges); in a terminal on "
             "the engine's machine run: sudo {line}\n")
CURL_ONLY = ("coursekit: on a real engine the host's curl is a busybox helper that fetches "
             "`curl -s URL` only, so `{line}` did not run\n")


def helper_refusal(argv: tuple[str, ...]) -> CommandResult | None:
    """What the host helper cannot do, said plainly instead of its "not found": the
    netfilter tools (they need root on the engine's machine), and curl beyond ``-s URL``."""
    line = shlex.join(argv)
    if argv[:1] and argv[0] in NETFILTER:
        return CommandResult(stderr=ROOT_ONLY.format(tool=argv[0], line=line), exit_code=1)
    if argv[:1] == ("curl",) and curl_request(argv) is None:
        return CommandResult(stderr=CURL_ONLY.format(line=line), exit_code=1)
    return None


def host_exec(api: APIClient, image: str, argv: tuple[str, ...], label: str) -> CommandResult:
    """Run ARGV in a labelled helper container on the host's network; then remove it."""
    refused = helper_refusal(argv)
    if refused is not None:
        return refused
    request = curl_request(argv)
    result = _helper_run(api, image, request or argv, label)
    return curl_result(argv, result) if request else result


def _helper_run(api: APIClient, image: str, argv: tuple[str, ...], label: str) -> CommandResult:
    config = api.create_host_config(network_mode="host")
    helper = api.create_container(image, command=list(argv), host_config=config,
                                  labels=lab_labels((), label))["Id"]
    try:
        api.start(helper)
        code = api.wait(helper, timeout=HELPER_TIMEOUT)["StatusCode"]
        output = logs(api, helper)
        return CommandResult(output.stdout, output.stderr, int(code))
    finally:
        api.remove_container(helper, force=True)


def parse_time(value: str) -> datetime:
    """An engine timestamp (RFC 3339, nanoseconds allowed) as an aware UTC datetime."""
    match = _TIME.match(value.strip())
    if match is None:
        raise ValueError(f"not an engine timestamp: {value!r}")
    base, frac, zone = match.groups()
    stamp = datetime.fromisoformat(base).replace(microsecond=int((frac or "0")[:6].ljust(6, "0")))
    return stamp.replace(tzinfo=_zone(zone)).astimezone(timezone.utc)


def _zone(zone: str | None) -> timezone:
    if not zone or zone == "Z":
        return timezone.utc
    sign = -1 if zone[0] == "-" else 1
    hours, minutes = int(zone[1:3]), int(zone[4:6])
    return timezone(sign * timedelta(hours=hours, minutes=minutes))
