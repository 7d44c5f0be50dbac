"""The ``coursekit`` command: the instructor's and the machine's side of the course.

    coursekit prepare [--image busybox] [--offline]   make the lab image available before class
    coursekit reset [--backend auto|sim|docker]        remove everything the lab created
    coursekit doctor                                   what this machine has, and what to fix

This module is an edge: it is the one place (with the notebooks) that prints.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import metadata


def _cmd_prepare(args: argparse.Namespace) -> int:
    from coursekit.prepare import prepare_image

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
    from coursekit.lab import Lab

    lab = Lab(backend=args.backend)
    lab.reset()
    print(f"{lab.note}\nreset: the lab is back to a fresh engine")
    return 0


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def doctor_lines() -> list[str]:
    """What ``coursekit doctor`` reports: backend, engine, images, versions, and fixes."""
    from coursekit.lab import choose_backend

    backend, note = choose_backend("auto")
    lines = [note, f"python {sys.version.split()[0]}"]
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coursekit", description=__doc__.splitlines()[0])
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
