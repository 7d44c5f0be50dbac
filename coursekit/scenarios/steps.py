"""Step files: a lesson's walk-through as data, ``notebooks/steps/<lesson>.json``.

A step is one command line and what to say about it. The
:class:`~coursekit.widgets.StepPlayer` (``StepPlayer(lab, "02-bridge")``) shows them one
at a time. The format::

    {
      "format": 1,
      "lesson": "02-bridge",              // must equal the file name without .json
      "title": "A container on the default bridge",   // optional, shown as heading
      "steps": [                          // at least one, played in this order
        {
          "command": "docker run -d --name u1 busybox sleep 1d",
          "say": "What happens and what to notice. `code` in backticks, **bold**.",
          "picture": true                 // optional (default false): draw the topology
        }
      ]
    }

(JSON has no comments; they are here for explanation only.) Each step has:

- ``command`` (required): one line run with ``lab.sh`` (a docker command, or a host
  command such as ``ip addr``; pipes into head/tail/grep/wc work, ``;`` and ``&&`` do
  not). It may fail on purpose to teach an error: the player shows the error and goes on.
- ``say`` (optional, default ""): the explanation. Text is escaped; ``code`` in
  backticks is shown as code, ``**bold**`` as bold, a blank line starts a paragraph.
- ``picture`` (optional, default false): after the step runs, show the lab's topology
  picture and its description (what ``lab.show()`` shows).

Unknown keys are errors (a misspelt ``"pictures"`` would otherwise be silently ignored);
:func:`load_steps` names the file and the step of any mistake. Files are found like the
quiz banks: in ``$COURSEKIT_STEPS`` (directories separated by ``os.pathsep``), then
``./steps`` next to the notebook, then the course's own ``notebooks/steps``.

Languages: a step file is written in English. ``load_steps("02-bridge", lang="zh-CN")``
(``lang=None``: the kernel's language, :func:`coursekit.i18n.current`) gives its texts
(``title``, each ``say``) from the lesson's catalog (``locale/zh_CN/LC_MESSAGES/
02-bridge.po``, :func:`coursekit.i18n.sources.domain_of_lesson`); a text the catalog has
not translated stays English. Commands are never translated.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coursekit.i18n import current, resolve
from coursekit.i18n.catalogs import translate
from coursekit.i18n.sources import domain_of_lesson
from coursekit.i18n.units import translate_json

FORMAT = 1
_TOP = {"format", "lesson", "title", "steps"}
_STEP = {"command", "say", "picture"}


class StepsError(ValueError):
    """A step file that cannot be used; the message names the file and step."""


@dataclass(frozen=True)
class Step:
    """One step: the command line to run, what to say about it, and whether to draw."""

    command: str
    say: str = ""
    picture: bool = False


@dataclass(frozen=True)
class StepList:
    """A lesson's steps as loaded from its file."""

    lesson: str
    title: str
    steps: tuple[Step, ...]


def step_dirs() -> list[Path]:
    """Where step files are looked for: ``$COURSEKIT_STEPS``, ``./steps``, the course's own."""
    dirs = [Path(p) for p in os.environ.get("COURSEKIT_STEPS", "").split(os.pathsep) if p]
    dirs.append(Path.cwd() / "steps")
    dirs.append(Path(__file__).resolve().parents[2] / "notebooks" / "steps")
    return dirs


def find_steps(name: str) -> Path:
    """The file of lesson ``name`` (or ``name`` itself when it is a path to a .json file)."""
    if name.endswith(".json") or os.sep in name or "/" in name:
        path = Path(name)
        if path.is_file():
            return path
        raise StepsError(f"no step file {name}")
    for folder in step_dirs():
        if (folder / f"{name}.json").is_file():
            return folder / f"{name}.json"
    looked = ", ".join(str(d) for d in step_dirs())
    raise StepsError(f"no steps for lesson {name!r} (looked for {name}.json in {looked})")


def load_steps(name: str, lang: str | None = None) -> StepList:
    """Load and check lesson ``name``'s steps (``load_steps("02-bridge")``; ``name`` may be a
    path to a .json file), their texts in ``lang`` (None: :func:`coursekit.i18n.current`)."""
    path = find_steps(name)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StepsError(f"{path}: cannot read it: {exc}") from exc
    return parse_steps(translated(data, path.stem, lang), path.stem, str(path))


def translated(data: Any, lesson: str, lang: str | None = None) -> Any:
    """``data`` (a parsed step file of ``lesson``) with its texts in ``lang`` (None: the
    kernel's language); as it is in English, or when it is not a step file's object."""
    chosen = current() if lang is None else resolve(lang)
    if chosen == "en" or not isinstance(data, dict):
        return data
    named = data.get("lesson")
    domain = domain_of_lesson(named if isinstance(named, str) else lesson)
    return translate_json(data, lambda text: translate(domain, text, chosen))


def parse_steps(data: Any, lesson: str | None = None, source: str = "<steps>") -> StepList:
    """Check ``data`` (a parsed step file); ``lesson`` is what its ``lesson`` must say."""
    if not isinstance(data, dict):
        raise StepsError(f"{source}: the file must hold a JSON object")
    _keys(data, _TOP, {"format", "lesson", "steps"}, source)
    if data["format"] != FORMAT:
        raise StepsError(f"{source}: format {data['format']!r} is not {FORMAT}")
    name = data["lesson"]
    if not isinstance(name, str) or (lesson is not None and name != lesson):
        raise StepsError(f"{source}: lesson is {name!r}, expected the file name {lesson!r}")
    title = data.get("title", name)
    if not isinstance(title, str):
        raise StepsError(f"{source}: title must be a string")
    raw = data["steps"]
    if not isinstance(raw, list) or not raw:
        raise StepsError(f"{source}: steps must be a non-empty list")
    return StepList(name, title, tuple(_step(s, f"{source}, step {k}")
                                       for k, s in enumerate(raw, 1)))


def _keys(item: dict[str, Any], allowed: set[str], required: set[str], where: str) -> None:
    unknown, absent = sorted(set(item) - allowed), sorted(required - set(item))
    if unknown:
        raise StepsError(f"{where}: unknown key {unknown[0]!r} (allowed: {sorted(allowed)})")
    if absent:
        raise StepsError(f"{where}: missing key {absent[0]!r}")


def _step(item: Any, where: str) -> Step:
    if not isinstance(item, dict):
        raise StepsError(f"{where}: a step must be an object with a command")
    _keys(item, _STEP, {"command"}, where)
    command, say, picture = item["command"], item.get("say", ""), item.get("picture", False)
    if not isinstance(command, str) or not command.strip() or "\n" in command:
        raise StepsError(f"{where}: command must be one non-empty line, not {command!r}")
    if not isinstance(say, str):
        raise StepsError(f"{where}: say must be a string")
    if not isinstance(picture, bool):
        raise StepsError(f"{where}: picture must be true or false, not {picture!r}")
    return Step(command.strip(), say, picture)
