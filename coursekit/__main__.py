"""The ``coursekit`` command: the instructor's and the machine's side of the course.

    coursekit serve [--socket PATH | --tcp 127.0.0.1:PORT] [--engine 28.5|20.10] [--seed N]
                                                       the simulator behind a docker socket
    coursekit prepare [--image busybox] [--offline]   make the lab image available before class
    coursekit reset [--backend auto|sim|docker]        remove everything the lab created
    coursekit doctor                                   what this machine has, and what to fix
    coursekit progress [--lesson L] [--store FILE]     the learner's answers, per lesson
    coursekit report DIR [--out chart.png]             the class: which questions go wrong
    coursekit reveal on|off|status                     instructor mode: widgets show answers

``coursekit --lang en|zh-CN ...`` chooses the language of the messages (else
``COURSEKIT_LANG``, else a ``zh`` locale in ``LC_ALL``/``LC_MESSAGES``/``LANG``, else English);
what Docker and the other modules print stays as they print it.

This module is an edge: it is the one place (with the notebooks) that prints.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coursekit.errors import DockerError
from coursekit.i18n import LANGS, _, resolve, use

if TYPE_CHECKING:
    from coursekit.quiz.progress import Progress


def _cmd_prepare(args: argparse.Namespace) -> int:
    from coursekit.backends.engine.prepare import prepare_image

    def progress(message: str) -> None:
        print(message, flush=True)

    try:
        ref = prepare_image(args.image, offline=args.offline, progress=progress)
    except Exception as exc:  # the command line reports, never a traceback
        print(_("coursekit prepare: {error}").format(error=exc), file=sys.stderr)
        return 1
    print(_("ready: {image}").format(image=ref))
    return 0


def _cmd_reset(args: argparse.Namespace) -> int:
    from coursekit.lab import choose_backend

    backend, note = choose_backend(args.backend)  # the note is printed here, not logged
    print(note, flush=True)
    if backend.name == "sim":
        print(_("reset: nothing to do: the simulator keeps nothing between runs"))
        return 0
    try:
        backend.reset()
    except DockerError as exc:  # the engine went away, or was never there
        print(_("coursekit reset: {error}").format(error=exc.message), file=sys.stderr)
        return 1
    print(_("reset: the lab is back to a fresh engine"))
    return 0


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return _("not installed")


def doctor_lines() -> list[str]:
    """What ``coursekit doctor`` reports: backend, engine, images, versions, and fixes."""
    from coursekit.lab import choose_backend
    from coursekit.profiles import profile

    backend, note = choose_backend("auto")
    lines = [note]
    if backend.name == "docker":
        with contextlib.suppress(DockerError):  # unreachable: the note already says so
            played = backend.profile()
            lines.append(_("engine: Docker Engine {version}, answered with the {profile} "
                           "profile (CLI {cli})").format(
                version=backend.version(), profile=played.name, cli=played.cli.version))
    sim = profile()
    lines.append(_("simulator profile: {profile} (Docker Engine {version}, CLI {cli}); "
                   "COURSEKIT_ENGINE=28.5|20.10 chooses").format(
        profile=sim.name, version=sim.version, cli=sim.cli.version))
    lines.append(f"python {sys.version.split()[0]}")
    for dist in ("coursekit", "jupyterlab", "ipywidgets", "docker", "matplotlib"):
        lines.append(f"{dist} {_version(dist)}")
    if backend.name == "docker":
        images = backend.images()
        lines.append(_("images: {images}").format(
            images=", ".join(images) if images else _("none")))
        if not any(i.startswith("busybox") for i in images):
            lines.append(_("fix: run `coursekit prepare` to make the busybox image available"))
    else:
        lines.append(_("the simulator needs nothing more; for a real engine install Docker "
                       "and make sure `docker info` works for this user"))
    return lines


def _cmd_doctor(args: argparse.Namespace) -> int:
    print("\n".join(doctor_lines()))
    return 0


def _cmd_progress(args: argparse.Namespace) -> int:
    from coursekit.quiz.progress import STORE_NAME, Progress, data_dir

    path = Path(args.store) if args.store else data_dir() / STORE_NAME
    if not path.exists() and not path.with_suffix(".jsonl").exists():
        print(_("no answers recorded yet (store: {path})").format(path=path))
        return 0
    with Progress(path) as store:
        print(_progress_table(store, args.lesson))
        print(_("(store: {path})").format(path=store.path))
    return 0


def _progress_table(store: Progress, lesson: str | None) -> str:
    """The lessons table, or with ``lesson`` one row per question of it."""
    from coursekit.quiz.attempts import format_summary, format_table

    if not lesson:
        lessons = store.summary()
        return format_summary(lessons) if lessons else _("no answers recorded yet")
    rows = [("question", "attempts", "right", "first try")]
    rows += [(q.question_id, str(q.attempts), _yes(q.correct), _yes(q.first_try))
             for q in store.questions(lesson)]
    return (format_table(rows) if len(rows) > 1
            else _("no answers for {lesson}").format(lesson=lesson))


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _cmd_report(args: argparse.Namespace) -> int:
    from coursekit.quiz.report import build_report, format_report, write_chart

    if not Path(args.dir).is_dir():
        print(_("coursekit report: {dir} is not a directory").format(dir=args.dir),
              file=sys.stderr)
        return 2
    report = build_report(args.dir)
    print(format_report(report))
    if args.out and report.questions:
        try:
            print(_("chart: {path}").format(path=write_chart(report, args.out)))
        except OSError as exc:
            print(_("coursekit report: cannot write the chart: {error}").format(error=exc),
                  file=sys.stderr)
            return 1
    return 0


def _cmd_reveal(args: argparse.Namespace) -> int:
    from coursekit.quiz.progress import config_file, instructor_mode, set_instructor_mode

    if args.state != "status":
        set_instructor_mode(args.state == "on")
    message = (_("instructor mode is on ({config}; COURSEKIT_INSTRUCTOR=1|0 overrides)")
               if instructor_mode() else
               _("instructor mode is off ({config}; COURSEKIT_INSTRUCTOR=1|0 overrides)"))
    print(message.format(config=config_file()))
    return 0


def _add_quiz_commands(sub: argparse._SubParsersAction[_Parser]) -> None:
    prog = sub.add_parser("progress", help=_("the learner's answers, per lesson"))
    prog.add_argument("--lesson", help=_("per question of this lesson (e.g. 01-basics)"))
    prog.add_argument("--store", help=_("a progress file other than the learner's own"))
    prog.set_defaults(func=_cmd_progress)
    report = sub.add_parser("report", help=_("the class: which questions the room gets wrong"))
    report.add_argument("dir",
                        help=_("folder holding the learners' progress files (any depth)"))
    report.add_argument("--out", help=_("also write a bar chart (PNG) to this file"))
    report.set_defaults(func=_cmd_report)
    reveal = sub.add_parser("reveal", help=_("instructor mode: quiz widgets show the answers"))
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
        served = _("coursekit: serving the simulated {engine} (API {api})").format(
            engine=played.label, api=played.server.api_version)
        print(f"{served}\n  export DOCKER_HOST={where}", file=sys.stderr, flush=True)
    try:
        server.serve_forever(socket=socket, tcp=args.tcp, ready=ready)
    except (ServeError, OSError) as err:
        print(_("coursekit serve: {error}").format(error=err), file=sys.stderr)
        return 1
    return 0


def _add_serve(sub: argparse._SubParsersAction[_Parser]) -> None:
    serve = sub.add_parser("serve",
                           help=_("the simulator behind a docker socket (Engine API)"))
    where = serve.add_mutually_exclusive_group()
    where.add_argument("--socket", help=_("unix socket to create (default "
                                          "$XDG_RUNTIME_DIR/coursekit/docker.sock or "
                                          "~/.coursekit/run/docker.sock)"))
    where.add_argument("--tcp", help=_("a loopback address instead: 127.0.0.1:PORT"))
    serve.add_argument("--engine", choices=("28.5", "20.10"), default=None,
                       help=_("the engine to play (default 28.5, or $COURSEKIT_ENGINE)"))
    serve.add_argument("--seed", type=int, default=0,
                       help=_("seed of the lab's ids, names and MACs (default 0)"))
    serve.add_argument("--fixed-clock", action="store_true",
                       help=_("the simulator's seeded clock, not the machine's (same answers "
                              "for the same commands, as in the notebooks)"))
    serve.set_defaults(func=_cmd_serve)


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout with the heading "usage: " in the current language."""

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup],
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser (and its subcommands') whose own words follow the current language:
    the "usage:" and section headings and the help option (argparse's errors stay English)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help=_("show this help message and exit"))


def build_parser() -> argparse.ArgumentParser:
    """The ``coursekit`` command's parser, in the current language (:func:`choose_lang`)."""
    parser = _Parser(prog="coursekit", description=_(
        "The coursekit command: the instructor's and the machine's side of the course."))
    parser.add_argument("--lang", metavar="|".join(LANGS),
                        help=_("the language of these messages (default $COURSEKIT_LANG, "
                               "else the locale's: zh-CN where it is Chinese, else en)"))
    sub = parser.add_subparsers(dest="command", required=True)
    prep = sub.add_parser("prepare", help=_("make the lab image available before class"))
    prep.add_argument("--image", default="busybox")
    prep.add_argument("--offline", action="store_true",
                      help=_("build the image from this machine's busybox binary, do not pull"))
    prep.set_defaults(func=_cmd_prepare)
    reset = sub.add_parser("reset", help=_("remove everything the lab created"))
    reset.add_argument("--backend", default="auto", choices=("auto", "sim", "docker"))
    reset.set_defaults(func=_cmd_reset)
    doctor = sub.add_parser("doctor", help=_("what this machine has, and what to fix"))
    doctor.set_defaults(func=_cmd_doctor)
    _add_serve(sub)
    _add_quiz_commands(sub)
    return parser


def choose_lang(argv: Sequence[str]) -> tuple[str, list[str]]:
    """(the language, ``argv`` without ``--lang``): ``--lang`` (anywhere on the line), else
    ``COURSEKIT_LANG``, else ``zh-CN`` where the locale (``LC_ALL``, ``LC_MESSAGES``,
    ``LANG``: the first one set) is Chinese, else ``en``. ValueError names a language the
    course does not have."""
    pre = argparse.ArgumentParser(prog="coursekit", add_help=False, allow_abbrev=False)
    pre.add_argument("--lang")
    known, rest = pre.parse_known_args(list(argv))
    for name, value in (("--lang", known.lang), ("COURSEKIT_LANG",
                                                  os.environ.get("COURSEKIT_LANG"))):
        if value:
            try:
                return resolve(value), rest
            except ValueError:
                raise ValueError(f"{name} {value!r}: coursekit has no such edition; "
                                 f"choose one of {', '.join(LANGS)}") from None
    locale = next((os.environ[n] for n in ("LC_ALL", "LC_MESSAGES", "LANG")
                   if os.environ.get(n)), "")
    return ("zh-CN" if locale.lower().startswith("zh") else "en"), rest


def main(argv: Sequence[str] | None = None) -> int:
    try:
        lang, rest = choose_lang(sys.argv[1:] if argv is None else argv)
    except ValueError as exc:  # no language yet to say it in: English, as argparse does
        print(f"coursekit: error: {exc}", file=sys.stderr)
        return 2
    use(lang)
    args = build_parser().parse_args(rest)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
