"""The ``coursekit`` command: the instructor's and the machine's side of the course.

    coursekit serve [--socket PATH | --tcp 127.0.0.1:PORT] [--engine 28.5|20.10] [--seed N]
                                                       the simulator behind a docker socket
    coursekit prepare [--image busybox] [--offline]   make the lab image available before class
    coursekit reset [--backend auto|sim|docker]        remove everything the lab created
    coursekit doctor                                   what this machine has, and what to fix
    coursekit progress [--lesson L] [--store FILE]     the learner's answers, per lesson
    coursekit report DIR [--out chart.png]             the class: which questions go wrong
    coursekit reveal on|off|status                     instructor mode: widgets show answers

This module is an edge: it is the one place (with the notebooks) that prints.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from coursekit.errors import DockerError

if TYPE_CHECKING:
    from coursekit.quiz.progress import Progress


def _cmd_prepare(args: argparse.Namespace) -> int:
    from coursekit.backends.engine.prepare import prepare_image

    def progress(message: str) -> None:
        print(message, flush=True)

    try:
        ref = prepare_image(args.image, offline=args.offline, progress=progress)
    except Exception as exc:  # the command line reports, never a traceback
        print(f"coursekit prepare: {exc}", file=sys.stderr)
        return 1
    print(f"ready: {ref}")
    return 0


def _cmd_reset(args: argparse.Namespace) -> int:
    from coursekit.lab import choose_backend

    backend, note = choose_backend(args.backend)  # the note is printed here, not logged
    print(note, flush=True)
    if backend.name == "sim":
        print("reset: nothing to do: the simulator keeps nothing between runs")
        return 0
    try:
        backend.reset()
    except DockerError as exc:  # the engine went away, or was never there
        print(f"coursekit reset: {exc.message}", file=sys.stderr)
        return 1
    print("reset: the lab is back to a fresh engine")
    return 0


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def doctor_lines() -> list[str]:
    """What ``coursekit doctor`` reports: backend, engine, images, versions, and fixes."""
    from coursekit.lab import choose_backend
    from coursekit.profiles import profile

    backend, note = choose_backend("auto")
    lines = [note]
    if backend.name == "docker":
        with contextlib.suppress(DockerError):  # unreachable: the note already says so
            lines.append(f"engine: Docker Engine {backend.version()}, answered with the "
                         f"{backend.profile().name} profile (CLI {backend.profile().cli.version})")
    sim = profile()
    lines.append(f"simulator profile: {sim.name} (Docker Engine {sim.version}, CLI "
                 f"{sim.cli.version}); COURSEKIT_ENGINE=28.5|20.10 chooses")
    lines.append(f"python {sys.version.split()[0]}")
    for dist in ("coursekit", "jupyterlab", "ipywidgets", "docker", "matplotlib"):
        lines.append(f"{dist} {_version(dist)}")
    if backend.name == "docker":
        images = backend.images()
        lines.append("images: " + (", ".join(images) if images else "none"))
        if not any(i.startswith("busybox") for i in images):
            lines.append("fix: run `coursekit prepare` to make the busybox image available")
    else:
        lines.append("the simulator needs nothing more; for a real engine install Docker "
                     "and make sure `docker info` works for this user")
    return lines


def _cmd_doctor(args: argparse.Namespace) -> int:
    print("\n".join(doctor_lines()))
    return 0


def _cmd_progress(args: argparse.Namespace) -> int:
    from coursekit.quiz.progress import STORE_NAME, Progress, data_dir

    path = Path(args.store) if args.store else data_dir() / STORE_NAME
    if not path.exists() and not path.with_suffix(".jsonl").exists():
        print(f"no answers recorded yet (store: {path})")
        return 0
    with Progress(path) as store:
        print(_progress_table(store, args.lesson))
        print(f"(store: {store.path})")
    return 0


def _progress_table(store: Progress, lesson: str | None) -> str:
    """The lessons table, or with ``lesson`` one row per question of it."""
    from coursekit.quiz.attempts import format_summary, format_table

    if not lesson:
        lessons = store.summary()
        return format_summary(lessons) if lessons else "no answers recorded yet"
    rows = [("question", "attempts", "right", "first try")]
    rows += [(q.question_id, str(q.attempts), _yes(q.correct), _yes(q.first_try))
             for q in store.questions(lesson)]
    return format_table(rows) if len(rows) > 1 else f"no answers for {lesson}"


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _cmd_report(args: argparse.Namespace) -> int:
    from coursekit.quiz.report import build_report, format_report, write_chart

    if not Path(args.dir).is_dir():
        print(f"coursekit report: {args.dir} is not a directory", file=sys.stderr)
        return 2
    report = build_report(args.dir)
    print(format_report(report))
    if args.out and report.questions:
        try:
            print(f"chart: {write_chart(report, args.out)}")
        except OSError as exc:
            print(f"coursekit report: cannot write the chart: {exc}", file=sys.stderr)
            return 1
    return 0


def _cmd_reveal(args: argparse.Namespace) -> int:
    from coursekit.quiz.progress import config_file, instructor_mode, set_instructor_mode

    if args.state != "status":
        set_instructor_mode(args.state == "on")
    state = "on" if instructor_mode() else "off"
    print(f"instructor mode is {state} ({config_file()}; COURSEKIT_INSTRUCTOR=1|0 overrides)")
    return 0


def _add_quiz_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    prog = sub.add_parser("progress", help="the learner's answers, per lesson")
    prog.add_argument("--lesson", help="per question of this lesson (e.g. 01-basics)")
    prog.add_argument("--store", help="a progress file other than the learner's own")
    prog.set_defaults(func=_cmd_progress)
    report = sub.add_parser("report", help="the class: which questions the room gets wrong")
    report.add_argument("dir", help="folder holding the learners' progress files (any depth)")
    report.add_argument("--out", help="also write a bar chart (PNG) to this file")
    report.set_defaults(func=_cmd_report)
    reveal = sub.add_parser("reveal", help="instructor mode: quiz widgets show the answers")
    reveal.add_argument("state", nargs="?", default="status", choices=("on", "off", "status"))
    reveal.set_defaults(func=_cmd_reveal)


def _cmd_serve(args: argparse.Namespace) -> int:
    from coursekit.api import ServeError, Server, default_socket
    from coursekit.backends.sim.served import ServedSim
    from coursekit.profiles import profile

    played = profile(args.engine)
    socket = None if args.tcp else str(Path(args.socket or default_socket()).absolute())
    where = f"tcp://{args.tcp}" if args.tcp else f"unix://{socket}"
    server = Server(ServedSim(seed=args.seed, profile=played,
                              wall_clock=not args.fixed_clock))
    def ready() -> None:
        print(f"coursekit: serving the simulated {played.label} (API "
              f"{played.server.api_version})\n  export DOCKER_HOST={where}", file=sys.stderr,
              flush=True)
    try:
        server.serve_forever(socket=socket, tcp=args.tcp, ready=ready)
    except (ServeError, OSError) as err:
        print(f"coursekit serve: {err}", file=sys.stderr)
        return 1
    return 0


def _add_serve(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = sub.add_parser("serve", help="the simulator behind a docker socket (Engine API)")
    where = serve.add_mutually_exclusive_group()
    where.add_argument("--socket", help="unix socket to create (default "
                       "$XDG_RUNTIME_DIR/coursekit/docker.sock or ~/.coursekit/run/docker.sock)")
    where.add_argument("--tcp", help="a loopback address instead: 127.0.0.1:PORT")
    serve.add_argument("--engine", choices=("28.5", "20.10"), default=None,
                       help="the engine to play (default 28.5, or $COURSEKIT_ENGINE)")
    serve.add_argument("--seed", type=int, default=0,
                       help="seed of the lab's ids, names and MACs (default 0)")
    serve.add_argument("--fixed-clock", action="store_true",
                       help="the simulator's seeded clock, not the machine's (same answers "
                            "for the same commands, as in the notebooks)")
    serve.set_defaults(func=_cmd_serve)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coursekit",
                                     description=__doc__.splitlines()[0].replace("``", ""))
    sub = parser.add_subparsers(dest="command", required=True)
    prep = sub.add_parser("prepare", help="make the lab image available before class")
    prep.add_argument("--image", default="busybox")
    prep.add_argument("--offline", action="store_true",
                      help="build the image from this machine's busybox binary, do not pull")
    prep.set_defaults(func=_cmd_prepare)
    reset = sub.add_parser("reset", help="remove everything the lab created")
    reset.add_argument("--backend", default="auto", choices=("auto", "sim", "docker"))
    reset.set_defaults(func=_cmd_reset)
    doctor = sub.add_parser("doctor", help="what this machine has, and what to fix")
    doctor.set_defaults(func=_cmd_doctor)
    _add_serve(sub)
    _add_quiz_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
