"""Step files and the StepPlayer, clicked through as a learner would."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from coursekit import Lab
from coursekit.result import CommandResult
from coursekit.scenarios.steps import StepsError, parse_steps
from coursekit.widgets import Step, StepPlayer, load_steps

EXAMPLE = load_steps("example")


@pytest.fixture(autouse=True)
def no_steps_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COURSEKIT_STEPS", raising=False)


@pytest.fixture
def lab() -> Lab:
    return Lab(backend="sim")


def names(lab: Lab) -> list[str]:
    return sorted(lab.sh("docker ps -a --format '{{.Names}}'").lines())


def write(folder: Path, lesson: str, data: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{lesson}.json"
    path.write_text(json.dumps(data))
    return path


# -- the file format ------------------------------------------------------------------------

def test_example_file_loads() -> None:
    assert EXAMPLE.lesson == "example" and EXAMPLE.title.startswith("Example")
    assert len(EXAMPLE.steps) == 5
    assert EXAMPLE.steps[0] == Step("docker network ls", EXAMPLE.steps[0].say, False)
    assert [s.picture for s in EXAMPLE.steps] == [False, True, False, True, False]


def test_env_folder_comes_first_then_cwd_steps(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    step = {"format": 1, "lesson": "example", "steps": [{"command": "docker ps"}]}
    write(tmp_path / "cwd" / "steps", "example", {**step, "title": "from cwd"})
    monkeypatch.chdir(tmp_path / "cwd")
    assert load_steps("example").title == "from cwd"
    write(tmp_path / "env", "example", {**step, "title": "from env"})
    monkeypatch.setenv("COURSEKIT_STEPS", str(tmp_path / "env"))
    assert load_steps("example").title == "from env"


@pytest.mark.parametrize(("change", "message"), [
    ({"format": 2}, "format 2 is not 1"),
    ({"lesson": "other"}, "expected the file name 'bad'"),
    ({"steps": []}, "non-empty list"),
    ({"extra": 1}, "unknown key 'extra'"),
    ({"steps": [{"command": "docker ps"}, {"say": "no command"}]}, "step 2: missing key"),
    ({"steps": [{"command": "docker ps", "pictures": True}]}, "step 1: unknown key 'pictures'"),
    ({"steps": [{"command": "docker ps", "picture": "yes"}]}, "picture must be true or false"),
    ({"steps": [{"command": "a\nb"}]}, "one non-empty line"),
])
def test_mistakes_name_file_and_step(tmp_path: Path, change: dict[str, Any],
                                     message: str) -> None:
    data = {"format": 1, "lesson": "bad", "steps": [{"command": "docker ps"}], **change}
    path = write(tmp_path, "bad", data)
    with pytest.raises(StepsError, match=message) as info:
        load_steps(str(path))
    assert str(path) in str(info.value)


def test_unknown_lesson_says_where_it_looked() -> None:
    with pytest.raises(StepsError, match="no steps for lesson 'nosuch'.*notebooks/steps"):
        StepPlayer(Lab(backend="sim"), "nosuch")


def test_parse_without_a_file_takes_any_lesson_name() -> None:
    book = parse_steps({"format": 1, "lesson": "x", "steps": [{"command": " docker ps "}]})
    assert book.title == "x" and book.steps == (Step("docker ps"),)


# -- the player -----------------------------------------------------------------------------

def test_starts_on_step_one_with_the_command_not_run(lab: Lab) -> None:
    player = StepPlayer(lab, "example")
    assert "Step 1 of 5" in player.label.value
    assert EXAMPLE.title in player.heading.value
    assert player.prev_button.disabled and not player.next_button.disabled
    assert "docker network ls" in player.terminal.value
    assert "NETWORK ID" not in player.terminal.value
    assert "<code>bridge</code>" in player.say.value and player.picture.value == ""
    assert names(lab) == []


def test_next_and_previous_move_and_stop_at_the_ends(lab: Lab) -> None:
    player = StepPlayer(lab, "example")
    for _ in range(6):
        player.next_button.click()
    assert player.position == 4 and "Step 5 of 5" in player.label.value
    assert player.next_button.disabled
    player.prev_button.click()
    assert "Step 4 of 5" in player.label.value and not player.next_button.disabled


def test_run_this_step_shows_output_and_picture(lab: Lab) -> None:
    player = StepPlayer(lab, "example")
    player.run_button.click()
    assert "NETWORK ID" in player.terminal.value and player.picture.value == ""
    player.next_button.click()
    player.run_button.click()
    assert names(lab) == ["u1"]
    assert "<figure" in player.picture.value and "u1 (running)" in player.picture.value
    assert "<b>veth pair</b>" in player.say.value and player.say.value.count("<p") == 2


def test_a_step_failing_on_purpose_is_shown_and_play_goes_on(lab: Lab) -> None:
    player = StepPlayer(lab, "example")
    player.run_all_button.click()
    player.go(2)
    assert "is already in use" in player.terminal.value
    assert 'class="coursekit-stderr"' in player.terminal.value
    assert "[exit code 125]" in player.terminal.value
    player.go(4)
    assert "172.17.0.3" in player.terminal.value


def test_running_a_later_step_runs_the_earlier_ones_first(lab: Lab) -> None:
    player = StepPlayer(lab, "example")
    player.go(3)
    result = player.run_step()
    assert result.exit_code == 0 and names(lab) == ["u1", "u2"]
    assert "First ran steps 1–3" in player.terminal.value
    assert "u2 (running)" in player.picture.value
    player.go(2)
    assert "[exit code 125]" in player.terminal.value


def test_run_all_shows_progress_and_ends_on_the_last_step(lab: Lab) -> None:
    player = StepPlayer(lab, "example")
    seen: list[int] = []
    said: list[str] = []
    player.progress.observe(lambda c: seen.append(c["new"]), "value")
    player.status.observe(lambda c: said.append(c["new"]), "value")
    shown: list[Any] = []
    player.progress.layout.observe(lambda c: shown.append(c["new"]), "display")
    player.run_all_button.click()
    assert seen == [1, 2, 3, 4, 5, 0]  # up to 5 of 5, then back to 0 as the bar hides
    assert any("Running 4/5" in s for s in said) and "Ran steps 1–5." in player.status.value
    assert None in shown and player.progress.layout.display == "none"
    assert player.position == 4 and "Step 5 of 5" in player.label.value
    assert not player.run_all_button.disabled and not player.prev_button.disabled
    assert names(lab) == ["u1", "u2"]


def test_run_all_twice_says_everything_ran(lab: Lab) -> None:
    player = StepPlayer(lab, "example")
    player.run_all_button.click()
    player.run_all_button.click()
    assert "Every step has run" in player.status.value and names(lab) == ["u1", "u2"]


def test_reset_empties_the_lab_and_goes_back_to_step_one(lab: Lab) -> None:
    player = StepPlayer(lab, "example")
    player.run_all_button.click()
    player.reset_button.click()
    assert names(lab) == [] and player.position == 0 and player.ran == {}
    assert "Step 1 of 5" in player.label.value and "NETWORK ID" not in player.terminal.value
    player.go(1)
    assert player.picture.value == ""


def test_a_list_of_steps_with_a_title_and_escaped_text(lab: Lab) -> None:
    steps = [Step("docker network create n1", "Make `n1` <now>."), Step("docker network ls")]
    player = StepPlayer(lab, steps, title="Own <steps>")
    assert "Own &lt;steps&gt;" in player.heading.value
    assert "<code>n1</code> &lt;now&gt;." in player.say.value
    assert "Step 1 of 2" in player.label.value
    player.run_all_button.click()
    assert "n1" in player.terminal.value


class Flaky:
    """A lab-like object that fails: sh raises, reset raises."""

    def sh(self, line: str) -> CommandResult:
        raise OSError("socket closed")

    def snapshot(self) -> Any:
        raise OSError("socket closed")

    def reset(self) -> None:
        raise OSError("socket closed")


def test_nothing_escapes_a_failing_lab() -> None:
    player = StepPlayer(Flaky(), [Step("docker ps", picture=True), Step("docker ps")])
    player.run_all_button.click()
    player.go(0)
    assert "socket closed" in player.terminal.value and "No picture" in player.terminal.value
    player.reset_button.click()
    assert "Could not reset the lab: OSError" in player.status.value and player.position == 0
