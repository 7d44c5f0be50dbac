"""Quiz widgets driven as a learner would: clicks, picks, typing, Enter; feedback is read back."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import pytest

from coursekit.quiz import quiz, show_progress
from coursekit.quiz.bank import load_lesson
from coursekit.quiz.check import Feedback
from coursekit.quiz.model import LabTask, PredictOutput, Question
from coursekit.quiz.progress import Progress
from coursekit.quiz.progress_widget import LessonQuiz
from coursekit.quiz.widget_base import rich
from coursekit.quiz.widgets import (
    LabTaskWidget,
    MultipleChoiceWidget,
    PredictWidget,
    QuestionWidget,
    SingleChoiceWidget,
    TextAnswerWidget,
    question_widget,
)
from coursekit.result import CommandResult

from .conftest import LISTINGS, FakeLab, container, network, require

BANK = load_lesson("01-basics")


class Answers(list[tuple[str, Any, Feedback]]):
    """Collects what widgets report, as the lesson quiz would record it."""

    def __call__(self, q: Question, answer: Any, fb: Feedback) -> None:
        self.append((q.id, answer, fb))


def make(qid: str, lab: Any = None, reveal: bool = False) -> tuple[Any, Answers]:
    answers = Answers()
    return question_widget(BANK.get(qid), lab=lab, on_answer=answers, reveal=reveal), answers


def shown(w: widgets.DOMWidget) -> bool:
    return w.layout.display != "none"


def enter(w: TextAnswerWidget, text: str) -> None:
    """Type ``text`` and press Enter: the box commits its value (continuous_update off)."""
    assert w.text.continuous_update is False
    w.text.value = text


def test_single_choice_wrong_then_retry_then_right() -> None:
    w, answers = make("fresh-networks")
    assert isinstance(w, SingleChoiceWidget)
    w.options.value = "only bridge"
    w.check_button.click()
    assert "✗" in w.feedback.value and "host and none are listed too" in w.feedback.value
    assert "Why:" not in w.feedback.value  # the explanation would give the answer away
    assert w.options.disabled and w.check_button.disabled
    assert shown(w.retry_button) and shown(w.explain_button)
    w.retry_button.click()
    assert w.options.value is None and w.feedback.value == "" and not w.check_button.disabled
    w.options.value = "bridge, host and none"
    w.check_button.click()
    assert "✓" in w.feedback.value and "Why:" in w.feedback.value
    assert not shown(w.retry_button)
    assert [(a[0], a[1], a[2].correct) for a in answers] == [
        ("fresh-networks", "only bridge", False),
        ("fresh-networks", "bridge, host and none", True)]


def test_checking_with_nothing_picked_asks_for_an_answer_and_records_nothing() -> None:
    w, answers = make("fresh-networks")
    w.check_button.click()
    assert "Pick one answer first" in w.feedback.value and answers == []
    assert not w.check_button.disabled and not w.options.disabled


def test_multiple_choice_ticks() -> None:
    w, answers = make("default-bridge-facts")
    assert isinstance(w, MultipleChoiceWidget)
    w.boxes[0].value = True
    w.boxes[2].value = True
    w.check_button.click()
    assert "1 ticked answer wrong, 1 right answer missing" in w.feedback.value
    assert "no name resolution" in w.feedback.value
    w.retry_button.click()
    assert not any(b.value for b in w.boxes)
    w.boxes[0].value = w.boxes[1].value = True
    w.check_button.click()
    assert "✓" in w.feedback.value and answers[-1][2].correct
    assert answers[-1][1] == sorted(c.text for c in BANK.get("default-bridge-facts")
                                    .choices[:2])  # type: ignore[union-attr]


def test_short_answer_enter_submits_and_explains_the_prefix() -> None:
    w, answers = make("first-container-ip")
    assert isinstance(w, TextAnswerWidget)
    enter(w, "172.17.0.1")
    assert "Not 172.17.0.1" in w.feedback.value and w.text.disabled
    w.retry_button.click()
    assert w.text.value == "172.17.0.1" and not w.text.disabled  # kept, to fix a typo
    enter(w, "172.17.0.2/16")
    assert "✓" in w.feedback.value and "prefix length" in w.feedback.value
    w.check_button.click()  # a click already on its way when Enter committed: ignored
    assert [a[2].correct for a in answers] == [False, True]


def test_leaving_a_box_empty_checks_nothing_and_the_button_still_checks() -> None:
    w, answers = make("first-container-ip")
    enter(w, "   ")
    assert w.feedback.value == "" and answers == []
    w.check_button.click()
    assert "Type an answer first" in w.feedback.value and answers == []


def test_a_malformed_answer_is_explained_not_counted() -> None:
    w, answers = make("first-container-ip")
    enter(w, "172.17.0")
    w.check_button.click()
    assert "not an IP address" in w.feedback.value and "!" in w.feedback.value
    assert answers == [] and not w.text.disabled


def test_interface_names_and_numbers() -> None:
    dev, _ = make("bridge-device")
    enter(dev, "Docker0")
    assert "✓" in dev.feedback.value
    num, answers = make("bridge-capacity")
    enter(num, "65534")
    assert "too high" in num.feedback.value
    num.explain_button.click()
    assert "65,536 - 3" in num.feedback.value and not shown(num.explain_button)
    num.retry_button.click()
    enter(num, "65,533")
    assert "Right: 65533 addresses" in num.feedback.value
    assert [a[1] for a in answers] == ["65534", "65,533"]


def test_hint_button() -> None:
    w, _ = make("bridge-capacity")
    assert shown(w.hint_button) and w.hint.value == ""
    w.hint_button.click()
    assert "Hint:" in w.hint.value and "three that containers never get" in w.hint.value
    nohint = question_widget(PredictOutput(id="p", prompt="?", command="true"))
    assert not shown(nohint.hint_button)


def predict_lab(output: str = "10.10.0.3\n", code: int = 0) -> FakeLab:
    q = BANK.get("ip-after-stop")
    assert isinstance(q, PredictOutput)
    lab = FakeLab(answers={line: CommandResult("", "", 0) for line in q.setup})
    lab.answers[q.command] = CommandResult(output, "" if not code else "Error: No such "
                                           "object: p3\n", code)
    return lab


def test_predict_runs_setup_once_then_compares_and_locks() -> None:
    lab = predict_lab()
    w, answers = make("ip-after-stop", lab=lab)
    assert isinstance(w, PredictWidget) and "$ docker inspect" in w.command.value
    enter(w, "10.10.0.4")
    assert "The lab printed 10.10.0.3" in w.feedback.value and "Why:" in w.feedback.value
    assert w.text.disabled and w.check_button.disabled and not shown(w.retry_button)
    q = BANK.get("ip-after-stop")
    assert isinstance(q, PredictOutput)
    assert lab.lines == [*LISTINGS, *q.setup, q.command, *LISTINGS]  # before, then after
    assert answers[0][1] == {"prediction": "10.10.0.4", "actual": "10.10.0.3\n"}


def test_predict_needs_a_prediction_and_a_ready_lab() -> None:
    lab = predict_lab(output="", code=1)
    w, answers = make("ip-after-stop", lab=lab)
    w.check_button.click()
    assert "Type your prediction first" in w.feedback.value and lab.lines == []
    q = BANK.get("ip-after-stop")
    assert isinstance(q, PredictOutput)
    lab.answers[q.setup[2]] = CommandResult("", "Error response from daemon: Pool overlaps "
                                            "with other one on this address space\n", 1)
    enter(w, "10.10.0.3")
    assert "could not answer" in w.feedback.value and "exit code 1" in w.feedback.value
    assert f"While setting up, <code>{q.setup[2]}</code> said: Error response from daemon: " \
        "Pool overlaps" in w.feedback.value
    assert answers == [] and not w.check_button.disabled  # may check again
    w.check_button.click()
    assert lab.lines.count(q.setup[0]) == 2  # set up again: the lab could not answer
    lab.answers[q.command] = CommandResult("10.10.0.3\n")
    w.check_button.click()
    assert "✓" in w.feedback.value and lab.lines.count(q.setup[0]) == 3
    assert len(answers) == 1


def test_predict_and_task_without_a_lab_say_so() -> None:
    w, _ = make("ip-after-stop")
    assert w.check_button.disabled and "needs a lab" in w.feedback.value
    t, _ = make("reach-by-name")
    assert t.check_button.disabled


def test_lab_task_is_checked_until_done() -> None:
    lab = FakeLab(containers=[container("c1"), container("c2")])
    lab.answers["docker exec c2 ping -c 1 -W 1 c1"] = CommandResult("ok\n", "", 0)
    w, answers = make("reach-by-name", lab=lab)
    assert isinstance(w, LabTaskWidget) and w.check_button.description == "Check my lab"
    w.check_button.click()
    assert "Not yet" in w.feedback.value and "default bridge" in w.feedback.value
    assert not w.check_button.disabled and "Why:" not in w.feedback.value
    lab.networks.append(network("app"))
    lab.containers = [container("c1", ("app",)), container("c2", ("app",))]
    w.check_button.click()
    assert "✓" in w.feedback.value and "Why:" in w.feedback.value
    assert [a[2].correct for a in answers] == [False, True]


def test_a_failing_store_does_not_break_the_widget() -> None:
    def broken(q: Question, answer: Any, fb: Feedback) -> None:
        raise OSError("disk full")

    w = question_widget(BANK.get("bridge-device"), on_answer=broken)
    w.text.value = "docker0"
    w.check_button.click()
    assert "✓" in w.feedback.value and "could not be saved: disk full" in w.feedback.value


def all_html(w: widgets.Widget) -> list[str]:
    found = [w.value] if isinstance(w, widgets.HTML) else []
    for child in getattr(w, "children", ()):
        found += all_html(child)
    return found


def controls(w: widgets.Widget) -> list[widgets.Widget]:
    found = [w] if isinstance(w, widgets.ValueWidget | widgets.Button) and \
        not isinstance(w, widgets.HTML) else []
    for child in getattr(w, "children", ()):
        found += controls(child)
    return found


@pytest.mark.parametrize("qid", BANK.ids)
def test_every_widget_is_keyboard_operable_themed_and_script_free(qid: str) -> None:
    """Real inputs only; theme variables for colour; a live region; never a script."""
    w, _ = make(qid, lab=predict_lab())
    kinds = (widgets.Button, widgets.RadioButtons, widgets.Checkbox, widgets.Text)
    assert all(isinstance(c, kinds) for c in controls(w))
    if isinstance(w, TextAnswerWidget):
        w.text.value = "x"
    w.check_button.click()
    html = "".join(all_html(w))
    assert "<script" not in html.lower() and "var(--jp-" in html
    assert 'role="status"' in w.feedback.value


def test_instructor_view_shows_the_answer() -> None:
    w, _ = make("first-container-ip", reveal=True)
    assert "Instructor view" in w.reveal.value and "172.17.0.2" in w.reveal.value
    t, _ = make("reach-by-name", reveal=True)
    assert "docker network create app" in t.reveal.value
    plain, _ = make("first-container-ip")
    assert plain.reveal.value == ""


def test_lesson_quiz_scores_and_records(learner_home: Any) -> None:
    """Answers go to the store; the score is the lesson's, across widgets and sessions."""
    store = Progress()
    q = quiz("01-basics", lab=FakeLab(), progress=store)
    assert isinstance(q, LessonQuiz) and len(q.items) == len(BANK)
    assert f"not started ({len(BANK)} questions)" in q.score.value
    first = q.items[BANK.ids.index("first-container-ip")]
    enter(first, "172.17.0.2")
    assert f"1 of {len(BANK)} right (1 at the first attempt)" in q.score.value
    assert [(a.question_id, a.correct) for a in store.attempts()] == [
        ("first-container-ip", True)]
    one = quiz("01-basics", "bridge-device", progress=Progress())
    assert len(one.items) == 1 and f"1 of {len(BANK)} right" in one.score.value
    enter(one.items[0], "eth0")
    assert f"1 of {len(BANK)} right (1 at the first attempt)" in one.score.value


def test_quiz_follows_instructor_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSEKIT_INSTRUCTOR", "1")
    shown_q = quiz("01-basics", "bridge-capacity")
    assert "Instructor view" in shown_q.items[0].reveal.value
    assert "65533 addresses" in shown_q.items[0].reveal.value
    monkeypatch.setenv("COURSEKIT_INSTRUCTOR", "0")
    assert quiz("01-basics", "bridge-capacity").items[0].reveal.value == ""


def test_quiz_without_a_store_keeps_score_for_the_session(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import coursekit.quiz.progress_widget as mod

    monkeypatch.setattr(mod, "_default_store", lambda: None)
    q = quiz("01-basics", "bridge-device")
    q.items[0].text.value = "docker0"
    q.items[0].check_button.click()
    assert f"1 of {len(BANK)} right" in q.score.value and "not saved" in q.score.value


def test_widget_base_has_no_judge() -> None:
    with pytest.raises(NotImplementedError):
        QuestionWidget(BANK.get("bridge-device")).check()


def test_predict_on_the_simulator(sim_lab: Any) -> None:
    """The bank's predict question against the simulated engine: p3 takes p2's address."""
    require(sim_lab, "docker inspect -f '{{.Name}}' nosuch")
    w, answers = make("ip-after-stop", lab=sim_lab)
    w.text.value = "10.10.0.3"
    w.check_button.click()
    assert "✓" in w.feedback.value, w.feedback.value
    assert answers[0][1]["actual"].strip() == "10.10.0.3"


def test_lab_task_on_the_simulator(sim_lab: Any) -> None:
    """The bank's solution, typed into the simulated engine, passes the bank's task."""
    task = BANK.get("reach-by-name")
    assert isinstance(task, LabTask)
    require(sim_lab, "docker exec nosuch hostname")
    w, _ = make("reach-by-name", lab=sim_lab)
    w.check_button.click()
    assert "c2 does not exist yet" in w.feedback.value
    assert all(r.ok for r in sim_lab.run(*task.solution))
    w.check_button.click()
    assert "✓" in w.feedback.value, w.feedback.value


def test_progress_widget_draws_a_bar_per_lesson_and_refreshes() -> None:
    """Every bank is a row; answered lessons without a bank are shown too."""
    from coursekit.quiz import show_progress
    from coursekit.quiz.progress_widget import ProgressWidget

    store = Progress()
    w = show_progress(store)
    assert isinstance(w, ProgressWidget)
    assert "01-basics" in w.chart.value and f"not started ({len(BANK)} questions)" in w.chart.value
    store.record("01-basics", "bridge-device", "eth0", False)
    store.record("01-basics", "bridge-device", "docker0", True)
    store.record("01-basics", "first-container-ip", "172.17.0.2", True)
    store.record("09-extra", "q", "x", False)
    w.refresh_button.click()
    html = w.chart.value
    assert f"2 of {len(BANK)} right (1 at the first attempt)" in html
    assert "09-extra" in html and "0 right (0 at the first attempt)" in html
    share = f"width:{100 / len(BANK):.1f}%"  # 1 right at once, as a share of the bar
    assert share in html
    assert "var(--jp-success-color1" in html and "<script" not in html
    assert "<caption" in html and 'scope="row"' in html


def test_package_names_stay_functions_after_the_submodules_load() -> None:
    import coursekit.quiz as pkg
    import coursekit.quiz.progress_widget
    import coursekit.quiz.widgets  # noqa: F401

    assert callable(pkg.quiz) and callable(pkg.show_progress)
    assert sorted(pkg.__all__) == pkg.__all__


def test_predict_on_a_real_engine(engine_lab: Any) -> None:
    """The bank's ip-after-stop, names and subnet made unique, on a real Docker Engine."""
    import dataclasses

    from .conftest import rename

    lab, names = engine_lab
    q = BANK.get("ip-after-stop")
    assert isinstance(q, PredictOutput)
    mine = dataclasses.replace(q, setup=tuple(rename(x, names) for x in q.setup),
                               command=rename(q.command, names))
    answers = Answers()
    w = question_widget(mine, lab=lab, on_answer=answers)
    enter(w, rename("10.10.0.3", names))
    assert "✓" in w.feedback.value, w.feedback.value
    assert answers[0][1]["actual"] == rename("10.10.0.3", names) + "\n"


# -- saved in a notebook: what GitHub, nbviewer and a fresh JupyterLab show -------------------


@pytest.mark.parametrize(("qid", "asks"), [
    ("fresh-networks", "Pick one."), ("default-bridge-facts", "Tick every right one."),
    ("bridge-device", "Type your answer."), ("bridge-capacity", "Type a number"),
    ("ip-after-stop", "Predict what it prints"), ("reach-by-name", "Do it in your lab")])
def test_saved_question_shows_prompt_choices_and_what_to_do(qid: str, asks: str) -> None:
    """Prompt, each choice (or the command), what to give, "Run this cell to answer."."""
    w, _ = make(qid)
    q = BANK.get(qid)
    bundle = w._repr_mimebundle_()
    page = bundle["text/html"]
    assert rich(q.prompt) in page and asks in page and "Run this cell to answer." in page
    for choice in getattr(q, "choices", ()):
        assert rich(choice.text) in page
    if isinstance(q, PredictOutput):
        assert html.escape(f"$ {q.command}") in page
    assert bundle["text/plain"].startswith("Quiz question: ")
    assert "QuestionWidget(" not in bundle["text/plain"] and "children=" not in bundle["text/plain"]


@pytest.mark.parametrize("qid", BANK.ids)
def test_saved_question_never_gives_the_answer_away(qid: str) -> None:
    """Not in instructor mode either: no explanation, no hint, no solution, no per-choice why."""
    w, _ = make(qid, reveal=True)
    q = BANK.get(qid)
    page = html.unescape(w._repr_mimebundle_()["text/html"])
    secrets = [q.explanation, q.hint, *(c.why for c in getattr(q, "choices", ()))]
    secrets += list(getattr(q, "solution", ()))
    assert not [s for s in secrets if s and s in page]
    assert "Instructor view" not in page and "Why:" not in page


def test_saved_lesson_quiz_lists_its_questions_not_the_score(learner_home: Any) -> None:
    """The lesson's title, its questions in order, no score: the same bytes for every learner."""
    store = Progress()
    ids = ("fresh-networks", "bridge-device", "first-container-ip")
    q = quiz("01-basics", *ids, lab=FakeLab(), progress=store)
    before = q._repr_mimebundle_()
    enter(q.items[1], "docker0")
    after = q._repr_mimebundle_()
    assert before["text/html"] == after["text/html"] and before["text/plain"] == after["text/plain"]
    page = after["text/html"]
    positions = [page.index(rich(BANK.get(i).prompt)) for i in ids]
    assert positions == sorted(positions) and rich(BANK.title) in page
    assert "score" not in page and page.count('class="coursekit-static-question"') == 3
    assert after["text/plain"] == (f'Quiz "{BANK.title}": 3 questions '
                                   "(run this cell to answer)")


def test_saved_progress_names_the_lessons_not_the_numbers(learner_home: Any) -> None:
    store = Progress()
    store.record("01-basics", "bridge-device", "docker0", True)
    bundle = show_progress(store)._repr_mimebundle_()
    assert rich(BANK.title) in bundle["text/html"] and "1 of" not in bundle["text/html"]
    assert bundle["text/plain"].startswith("Your progress in ")
