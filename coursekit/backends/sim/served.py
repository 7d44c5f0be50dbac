"""The simulator as ``coursekit serve`` drives it: what the Engine API needs beyond the
Backend protocol.

A real daemon learns by itself that a container's main process ended; in the simulator
the interactive shell a terminal attached to *is* the main process, so the server says
when it ended (:meth:`ServedSim.end_main`). The API also asks whether an exec may start
before it runs anything (:meth:`ServedSim.check_exec`), what an ``--rm`` container printed
after it is gone (:meth:`ServedSim.departed`), and what ``docker image inspect`` shows of
a local image (:meth:`ServedSim.image`).
"""

from __future__ import annotations

from datetime import datetime, timezone

from coursekit.backends.sim.backend import SimBackend
from coursekit.backends.sim.daemon import lifecycle
from coursekit.backends.sim.daemon.images import Image
from coursekit.backends.sim.daemon.state import State
from coursekit.errors import Conflict
from coursekit.models import Container
from coursekit.profiles import EngineProfile
from coursekit.result import CommandResult


def wall_clock() -> datetime:
    """The machine's clock (aware UTC)."""
    return datetime.now(timezone.utc)


class ServedSim(SimBackend):
    """A SimBackend with the few extra calls the API server makes.

    ``wall_clock``: the lab's clock follows the machine's (a real docker CLI in a terminal
    counts ``CREATED 2 minutes ago`` from its own clock); without it the clock is the
    simulator's seeded one, so the same commands answer the same bytes.
    """

    def __init__(self, seed: int = 0, profile: EngineProfile | None = None,
                 wall_clock: bool = False, **machine: bool) -> None:
        self._wall = wall_clock
        super().__init__(seed=seed, profile=profile, **machine)

    def _fresh(self) -> State:
        state = super()._fresh()
        if self._wall:
            state.wall = wall_clock
            state.clock = max(state.clock, wall_clock())
        return state

    def follow_wall_clock(self) -> None:
        """From now on the clock follows the machine's (it only ever moves forward)."""
        self._wall = True
        self.state.wall = wall_clock
        self.state.clock = max(self.state.clock, wall_clock())
        self.state.touch()

    def now(self) -> datetime:
        """The engine's clock."""
        return max(self.state.clock, wall_clock()) if self._wall else self.state.clock

    def end_main(self, ref: str, exit_code: int) -> Container:
        """The main process of ``ref`` ended with ``exit_code`` (``--rm``: removed)."""
        ctr = self.state.find_container(ref)
        if ctr.running:
            self.state.tick(0.0)
            lifecycle.finish(self.state, ctr, exit_code)
        return self._after(ctr)

    def check_exec(self, ref: str) -> None:
        """Raise what ``exec`` would raise for ``ref`` (not running, paused); run nothing."""
        ctr = self.state.find_container(ref)
        words = self.state.profile.words
        if not ctr.running:
            raise Conflict(words.exec_stopped.format(id=ctr.id))
        if ctr.paused:
            raise Conflict(words.exec_paused.format(ref=ref))

    def departed(self, container_id: str) -> CommandResult | None:
        """What a removed container printed and its exit code (None: not removed lately)."""
        found = self.state.departed.get(container_id)
        return None if found is None else CommandResult(*found)

    def image(self, ref: str) -> Image:
        """The local image ``ref`` names (NotFound: ``No such image: ref``)."""
        return self.state.images.find(ref)

    def image_list(self) -> tuple[Image, ...]:
        """Every local image."""
        return tuple(self.state.images.images.values())
