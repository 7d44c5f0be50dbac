"""Lab: the learner's handle on a Docker engine, real or simulated.

``Lab()`` picks a backend (``auto``: a reachable engine, else the simulator;
``COURSEKIT_BACKEND=sim|docker`` overrides; on an engine, what the lab creates carries
the label ``io.coursekit.lab=1``, or ``=$COURSEKIT_LAB_LABEL`` to keep two labs on one
engine apart) and, for the simulator, the engine it plays (``engine="28.5"``, the
default, or ``"20.10"``; ``COURSEKIT_ENGINE`` overrides; a real engine is what it is),
runs docker command lines with
:meth:`Lab.sh`, and hands out :meth:`Lab.snapshot` for the plot and the quizzes.

When ``Lab()`` chooses (``backend="auto"``) it says which backend answers in one line,
a record of the ``coursekit`` logger at INFO: in a notebook it is the cell's plain output,
in a script a line on stderr, and in a program that configured logging its handlers'
(``logging.getLogger("coursekit").setLevel(logging.WARNING)`` silences it).
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import threading
from typing import TYPE_CHECKING, Any

from coursekit import i18n
from coursekit.backends.base import Backend
from coursekit.errors import DaemonUnavailable
from coursekit.i18n import _
from coursekit.models import Topology
from coursekit.profiles import EngineProfile, profile
from coursekit.result import CommandResult

if TYPE_CHECKING:
    from coursekit.api import Running
    from coursekit.viz.picture import TopologyPicture
    from coursekit.viz.trace import TraceView

BACKENDS = ("auto", "sim", "docker")
INTERNAL_ERROR = "coursekit: internal error while running this line (please report it): "
LOG = logging.getLogger("coursekit")
"""coursekit's logger: ``Lab()`` records on it which backend it chose."""


class Announcer(logging.Handler):
    """Shows coursekit's records where the learner looks while the program has configured
    no logging (as :data:`logging.lastResort` does for warnings): as the running notebook
    cell's plain-text output, else as a line on stderr. Once the root logger has a handler,
    the record propagates there and this handler stays silent."""

    def emit(self, record: logging.LogRecord) -> None:
        if logging.getLogger().handlers:
            return
        try:
            line = self.format(record)
            if not _shown_in_notebook(line):
                sys.stderr.write(line + "\n")
        except Exception:  # a handler must not raise into the code that logged
            self.handleError(record)


def _shown_in_notebook(line: str) -> bool:
    """Display ``line`` as plain text in the running cell, if a Jupyter kernel runs us."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if getattr(shell, "kernel", None) is None:  # no IPython, or a terminal one
        return False
    display = importlib.import_module("IPython.display").display  # untyped, as is IPython
    display({"text/plain": line}, raw=True)
    return True


if not LOG.handlers:
    LOG.addHandler(Announcer())
if LOG.level == logging.NOTSET:
    LOG.setLevel(logging.INFO)


def _engine_backend(image: str) -> Backend:
    from coursekit.backends.engine.backend import EngineBackend

    return EngineBackend(image=image, label_value=os.environ.get("COURSEKIT_LAB_LABEL") or None)


def _sim_backend(seed: int, engine: EngineProfile) -> Backend:
    from coursekit.backends.sim.served import ServedSim

    return ServedSim(seed=seed, profile=engine)


def _engine_note(backend: Backend) -> str:
    """Which engine answers: a real one, or a coursekit server behind ``DOCKER_HOST``."""
    if getattr(backend, "served_by_coursekit", False):
        where = os.environ.get("DOCKER_HOST", "the docker socket")
        return _("coursekit: using the coursekit server at {where} (the simulated "
                 "{engine}, shared with its terminals)").format(
                     where=where, engine=backend.profile().label)
    return _("coursekit: using the Docker Engine {version}").format(version=backend.version())


def choose_backend(kind: str, seed: int = 0, image: str = "busybox",
                   engine: str | None = None) -> tuple[Backend, str]:
    """The backend for ``kind`` and a one-line note saying which one answers.

    ``engine`` (``28.5`` or ``20.10``; ``$COURSEKIT_ENGINE`` overrides; default 28.5) is
    the engine the simulator plays; ValueError for a backend or engine it does not know.
    """
    kind = os.environ.get("COURSEKIT_BACKEND", "") or kind
    if kind not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, not {kind!r}")
    played = profile(engine)
    if kind == "sim":
        return _sim_backend(seed, played), _("coursekit: using the simulated {engine}").format(
            engine=played.label)
    if kind == "docker":
        try:
            backend = _engine_backend(image)
        except DaemonUnavailable as exc:
            from coursekit.backends.engine.unreachable import UnreachableEngine

            return (UnreachableEngine(lambda: _engine_backend(image)),
                    _("coursekit: the Docker Engine is not reachable ({reason})").format(
                        reason=exc.message))
        return backend, _engine_note(backend)
    try:
        backend = _engine_backend(image)
        return backend, _engine_note(backend)
    except Exception as exc:  # no SDK, no daemon, no permission: fall back
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return (_sim_backend(seed, played),
                _("coursekit: no Docker Engine reachable ({reason}); using the simulated "
                  "{engine}").format(reason=reason, engine=played.label))


class Lab:
    """A Docker lab: ``Lab(backend="auto"|"sim"|"docker", seed=0, engine="28.5"|"20.10",
    lang="en"|"zh-CN")``.

    ``backend="auto"`` logs its choice (``self.note``) on the ``coursekit`` logger. Same
    seed and same commands give byte-identical output on the simulator, which answers as
    Docker Engine 28.5 unless ``engine="20.10"`` (or ``$COURSEKIT_ENGINE``). ``lang``
    (``$COURSEKIT_LANG`` overrides) becomes the kernel's language: every widget, quiz and
    picture made afterwards speaks it (``None`` keeps the kernel's, English at first).
    Docker's own output is never translated.
    """

    def __init__(self, backend: str = "auto", seed: int = 0, image: str = "busybox",
                 engine: str | None = None, lang: str | None = None) -> None:
        chosen = os.environ.get("COURSEKIT_LANG") or lang
        self.lang = i18n.use(chosen) if chosen else i18n.current()
        self.seed = seed
        self.image = image
        self.backend, self.note = choose_backend(backend, seed, image, engine)
        self.lock = threading.RLock()
        self.server: Running | None = None
        if backend == "auto":  # the lab chose: say which (the caller named any other)
            LOG.info(self.note)

    @classmethod
    def using(cls, backend: Backend, seed: int = 0) -> Lab:
        """A Lab in front of a backend you built yourself (tests, custom engines)."""
        lab = cls.__new__(cls)
        lab.seed, lab.image = seed, getattr(backend, "image", "busybox")
        lab.backend, lab.note = backend, _("coursekit: using the {name} backend").format(
            name=backend.name)
        lab.lang = i18n.current()
        lab.lock, lab.server = threading.RLock(), None
        return lab

    @property
    def kind(self) -> str:
        """``sim`` or ``docker``: which backend answers."""
        return self.backend.name

    def sh(self, line: str) -> CommandResult:
        """Run one command line as a terminal would; never raises for learner input."""
        from coursekit.cli import run_line

        try:
            with self.lock:
                return run_line(self.backend, line)
        except Exception as exc:  # a bug of ours must not reach the learner as a traceback
            return CommandResult("", f"{INTERNAL_ERROR}{type(exc).__name__}: {exc}\n", 1)

    def run(self, *lines: str) -> list[CommandResult]:
        """Run several lines in order; returns every result."""
        return [self.sh(line) for line in lines]

    def reset(self) -> None:
        """Back to a fresh engine (the engine backend removes only what the lab made)."""
        with self.lock:
            self.backend.reset()

    def snapshot(self) -> Topology:
        """Everything the plot and the quizzes need."""
        with self.lock:
            return self.backend.snapshot()

    def serve(self, socket: str | None = None, tcp: str | None = None,
              wall_clock: bool = True) -> Running:
        """Serve this lab over the Engine API from a background thread, so the docker CLI,
        Compose and the SDK in a terminal drive the same lab as this notebook:
        ``lab.serve("/home/me/.coursekit/run/docker.sock")``, then in the terminal
        ``export DOCKER_HOST=unix:///home/me/.coursekit/run/docker.sock``. ``wall_clock``:
        the lab's clock follows the machine's from now on (the CLI counts ``CREATED ...
        ago`` from its own). Serving again first stops the previous server."""
        from coursekit.api import Server, default_socket
        from coursekit.backends.sim.served import ServedSim

        backend = self.backend
        if not isinstance(backend, ServedSim):
            raise ValueError("only a simulated lab can be served: a real engine already has "
                             "its own socket")
        if self.server is not None:
            self.server.stop()
        if wall_clock:
            backend.follow_wall_clock()
        if socket is None and tcp is None:
            socket = str(default_socket())
        self.server = Server(backend, self.lock).start(socket=socket, tcp=tcp)
        return self.server

    def plot(self, ax: Any = None) -> Any:
        """Draw the IP layout: host, bridges, veth pairs, containers, ports (`lab.plot();`)."""
        from coursekit.viz import draw_topology

        return draw_topology(self.snapshot(), ax)

    def describe(self) -> str:
        """The same picture in words (alt text for :meth:`plot`)."""
        from coursekit.viz import describe

        return describe(self.snapshot())

    def show(self) -> TopologyPicture:
        """The current topology to display (`lab.show()` as a cell's last line): picture + words."""
        from coursekit.viz.picture import TopologyPicture

        return TopologyPicture(self.snapshot())

    def trace(self, line: str) -> TraceView:
        """Where the packet of ``line`` goes, hop by hop, without running it (``lab.trace(
        "docker exec c2 ping -c 1 c1")``); on a real engine computed from its state."""
        from coursekit.backends.sim.userland.reach.path import packet_path
        from coursekit.viz.trace import TraceView

        topology = self.snapshot()
        return TraceView(packet_path(topology, line, computed=self.kind != "sim"), topology)

    def register_magic(self, ipython: Any = None) -> None:
        """Make ``%docker ARGS`` in this notebook mean ``self.sh("docker ARGS")``."""
        from coursekit.magic import register

        register(self, ipython)

    def __repr__(self) -> str:
        return f"<Lab {self.kind}, seed={self.seed}>: {self.note}"

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(self.note)
