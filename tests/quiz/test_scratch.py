"""Predict questions and task checks leave the learner's lab as it was.

On the simulator the setup runs in a copy of the lab; on a real engine (played here by
a simulated backend without its copy, and in the engine-marked test by a live engine)
exactly what the setup made is removed afterwards, and a setup that would touch a
container or network the learner already has is refused in one line.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from coursekit import Lab
from coursekit.backends.sim import SimBackend
from coursekit.quiz.bank import load_lesson
from coursekit.quiz.model import PredictOutput
from coursekit.quiz.tasks import Refused, predict_run, scratch_lab
from coursekit.quiz.tasks.scratch import touched
from coursekit.quiz.widgets import question_widget

from .conftest import BackendLab

LESSONS = ("00-start-here", "01-basics", "02-bridge", "03-host", "04-none", "05-container",
           "06-user-defined", "07-architecture", "08-plumbing", "09-challenges")
PREDICTS = [(lesson, q) for lesson in LESSONS for q in load_lesson(lesson)
            if isinstance(q, PredictOutput)]
LOOKS = ("docker ps -a --no-trunc --format '{{.ID}} {{.Names}} {{.Image}} {{.Command}} "
         "{{.State}} {{.Ports}} {{.Networks}}'", "docker network ls --no-trunc")
"""What a learner sees of the lab (the "Up N seconds" column moves on by itself)."""


def looks(lab: Any) -> list[str]:
    return [lab.sh(line).output for line in LOOKS]


def press(lab: Any, q: PredictOutput, prediction: str = "something") -> Any:
    """Type a prediction and press the button; the widget."""
    w = question_widget(q, lab=lab)
    w.text.value = prediction
    return w


def learner_lab(lab: Any) -> None:
    """A learner's own things, some with the names the questions use."""
    for line in ("docker network create mynet", "docker run -d --name mine busybox sleep 1d",
                 "docker run -d --name keep --network mynet busybox sleep 1d"):
        assert lab.sh(line).ok


def test_touched_reads_what_lines_create_remove_and_change() -> None:
    """run/create --name, rm, stop/start, network create/rm/connect/disconnect; predefined
    networks never."""
    names = touched(["docker rm -f p1 p2", "docker network rm pnet",
                     "docker network create --subnet 10.10.0.0/24 pnet",
                     "docker run -d --name p3 --network pnet busybox sleep 1d",
                     "docker create --name=p4 busybox", "docker stop -t 0 p5",
                     "docker container start p6", "docker network rm bridge",
                     "docker network connect --ip 10.10.0.9 qnet p8",
                     "docker network disconnect none p9",
                     "docker inspect -f '{{.Name}}' p7", "ls -l"])
    assert names.containers == {"p1", "p2", "p3", "p4", "p5", "p6", "p8", "p9"}
    assert names.networks == {"pnet", "qnet"}
    assert not touched(["docker network ls | wc -l"])


@pytest.mark.parametrize(("lesson", "q"), PREDICTS, ids=lambda x: getattr(x, "id", x))
def test_every_setup_names_what_it_creates(lesson: str, q: PredictOutput) -> None:
    """Every container a setup runs has a --name, so a real engine can remove it after."""
    runs = [line for line in q.setup if line.split()[1:2] in (["run"], ["create"])]
    assert all(touched([line]).containers for line in runs), runs


@pytest.mark.parametrize("profile", ["28.5", "20.10"])
@pytest.mark.parametrize(("lesson", "q"), PREDICTS, ids=lambda x: getattr(x, "id", x))
def test_predict_leaves_the_simulated_lab_as_it_was(lesson: str, q: PredictOutput,
                                                     profile: str) -> None:
    """After the button, ps -a, network ls and the whole snapshot are unchanged."""
    lab = Lab(backend="sim", engine=profile)
    learner_lab(lab)
    before = (looks(lab), lab.snapshot())
    w = press(lab, q)
    assert "The lab printed" in w.feedback.value or "✓" in w.feedback.value, w.feedback.value
    assert (looks(lab), lab.snapshot()) == before


def test_a_learners_container_of_the_same_name_survives_on_the_simulator() -> None:
    """The learner's own p91 stays as it was; the question answers from its copy."""
    q = load_lesson("02-bridge").get("local-publish")
    assert isinstance(q, PredictOutput)
    lab = Lab(backend="sim")
    assert lab.sh("docker run -d --name p91 busybox sleep 1d").ok
    before = looks(lab)
    w = press(lab, q, "127.0.0.1:8091")
    assert "✓" in w.feedback.value, w.feedback.value
    assert looks(lab) == before and lab.sh("docker port p91").stdout == ""


def engine_like() -> BackendLab:
    """A lab over a simulated backend with no copy to make: the real-engine path."""
    return BackendLab(SimBackend())


def test_without_a_copy_exactly_what_the_setup_made_is_removed() -> None:
    """Setup and command run in the lab; then p1..p3 and pnet go, the learner's things stay."""
    q = load_lesson("01-basics").get("ip-after-stop")
    assert isinstance(q, PredictOutput)
    lab = engine_like()
    learner_lab(lab)
    before = looks(lab)
    result, note = predict_run(lab, q.setup, q.command)
    assert result.stdout == "10.10.0.3\n" and "network pnet not found" in note
    assert looks(lab) == before


def test_a_name_in_the_way_is_refused_in_one_line_and_kept() -> None:
    """The learner's own p91 (or pnet) is never removed: the question says which is in the way."""
    q = load_lesson("02-bridge").get("local-publish")
    assert isinstance(q, PredictOutput)
    lab = engine_like()
    assert lab.sh("docker run -d --name p91 busybox sleep 1d").ok
    before = looks(lab)
    w = press(lab, q, "127.0.0.1:8091")
    assert looks(lab) == before
    message = ("Not run: this question sets up its own container p91, and your lab already has "
               "one; rename or remove yours (<code>docker rm -f p91</code>), then press the "
               "button again.")
    assert message in w.feedback.value and not w.check_button.disabled
    assert lab.sh("docker network create pnet").ok
    with pytest.raises(Refused, match="its own network pnet, and your lab already has one; "
                       r"rename or remove yours \(`docker network rm pnet`\)"), \
            scratch_lab(lab, ["docker network rm pnet", "docker network create pnet"]):
        pass
    with pytest.raises(Refused, match="network pnet"):
        predict_run(lab, load_lesson("01-basics").get("ip-after-stop").setup, "true")
    assert lab.sh("docker network inspect -f '{{.Name}}' pnet").stdout == "pnet\n"


def test_a_lab_that_cannot_be_listed_is_not_set_up() -> None:
    """No listing, no setup: the learner is told the lab could not be looked at."""
    from coursekit.result import CommandResult

    from .conftest import FakeLab

    lab = FakeLab(answers={"docker ps -a --format '{{.Names}}'": CommandResult(
        "", "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the "
        "docker daemon running?\n", 1)})
    with pytest.raises(Refused, match="^Could not look at the lab: Cannot connect"):
        predict_run(lab, ["docker run -d --name p1 busybox sleep 1d"], "true")
    assert lab.lines == ["docker ps -a --format '{{.Names}}'",
                         "docker network ls --format '{{.Name}}'"]


def test_predict_on_a_live_engine_leaves_nothing_behind(engine_lab: Any) -> None:
    """ip-after-stop and local-publish, names made unique, on a real engine: nothing is left,
    and the learner's container of the question's name is refused, not removed."""
    from .conftest import rename

    lab, names = engine_lab
    names["p91"] = names["p1"].removesuffix("p1") + "p91"
    questions = [load_lesson("01-basics").get("ip-after-stop"),
                 load_lesson("02-bridge").get("local-publish")]
    before = looks(lab)
    for q, want in zip(questions, ("10.10.0.3", "127.0.0.1:8091"), strict=True):
        assert isinstance(q, PredictOutput)
        mine = dataclasses.replace(q, setup=tuple(rename(x, names) for x in q.setup),
                                   command=rename(q.command, names))
        result, _ = predict_run(lab, mine.setup, mine.command)
        assert result.stdout == rename(want, names) + "\n", result
        assert looks(lab) == before
    assert lab.sh(f"docker run -d --name {names['p91']} busybox sleep 1d").ok
    with pytest.raises(Refused, match=f"its own container {names['p91']}"):
        predict_run(lab, mine.setup, mine.command)
    assert lab.sh(f"docker port {names['p91']}").stdout == ""
