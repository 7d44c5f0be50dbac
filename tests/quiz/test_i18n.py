"""The quiz in Simplified Chinese: banks from the lesson's catalog, the widgets' own words
from coursekit-quiz.po, Chinese-typed answers; English exactly as before."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from coursekit import Lab, i18n
from coursekit.i18n import catalogs
from coursekit.i18n.width import columns as width
from coursekit.quiz.attempts import LessonSummary, format_summary
from coursekit.quiz.bank import load_bank
from coursekit.quiz.check import check_prediction, check_short, normalise
from coursekit.quiz.model import Choice, LabTask, PredictOutput, ShortAnswer, SingleChoice, TaskCall
from coursekit.quiz.progress_widget import Score
from coursekit.quiz.tasks import run_task
from coursekit.quiz.widget_base import feedback_html
from coursekit.quiz.widgets import SingleChoiceWidget, TextAnswerWidget
from coursekit.result import CommandResult

from .conftest import FakeLab
from .task_cases import CASES, Case
from .test_task_behaviour import play

LESSON = "98-i18n"
BANK = {
    "format": 1, "lesson": LESSON, "title": "Bridges",
    "questions": [
        {"id": "gw", "type": "short", "kind": "ip", "prompt": "What is `docker0`'s address?",
         "answers": ["172.17.0.1"], "explanation": "The default gateway.",
         "hint": "Look at `ip addr`."},
        {"id": "pick", "type": "single", "prompt": "Which driver?",
         "choices": [{"text": "bridge", "correct": True},
                     {"text": "none", "why": "No network at all."}]},
        {"id": "run", "type": "predict", "prompt": "What prints?", "command": "docker ps -q"},
    ],
}
CHINESE = {"Bridges": "网桥", "What is `docker0`'s address?": "`docker0` 的地址是什么？",
           "The default gateway.": "默认网关。", "Which driver?": "哪个驱动？",
           "none": "无网络", "No network at all.": "完全没有网络。"}


@pytest.fixture
def bank_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A bank of the test's own and its catalog (a fuzzy entry and an untranslated hint)."""
    monkeypatch.setattr(catalogs, "LOCALE_DIR", tmp_path / "locale")
    catalog = Catalog(locale="zh_CN", domain=LESSON)
    for english, chinese in CHINESE.items():
        catalog.add(english, chinese)
    catalog.add("What prints?", "输出什么？", flags=["fuzzy"])
    po = tmp_path / "locale" / "zh_CN" / "LC_MESSAGES" / f"{LESSON}.po"
    po.parent.mkdir(parents=True)
    with po.open("wb") as f:
        write_po(f, catalog)
    path = tmp_path / "quizzes" / f"{LESSON}.json"
    path.parent.mkdir()
    path.write_text(json.dumps(BANK), encoding="utf-8")
    return path


def test_bank_in_chinese_keeps_answers_and_commands(bank_file: Path) -> None:
    """Texts come from the lesson's catalog; answers, kinds and commands stay as written."""
    bank = load_bank(bank_file, lang="zh-CN")
    gw, pick, run = bank.questions
    assert bank.title == "网桥"
    assert isinstance(gw, ShortAnswer) and gw.prompt == "`docker0` 的地址是什么？"
    assert gw.answers == ("172.17.0.1",) and gw.kind == "ip"
    assert gw.explanation == "默认网关。"
    assert isinstance(pick, SingleChoice)
    assert [c.text for c in pick.choices] == ["bridge", "无网络"]
    assert pick.choices[1].why == "完全没有网络。" and pick.choices[0].correct
    assert isinstance(run, PredictOutput) and run.command == "docker ps -q"


def test_untranslated_and_fuzzy_texts_fall_back_to_english(bank_file: Path) -> None:
    bank = load_bank(bank_file, lang="zh")
    assert bank.get("gw").hint == "Look at `ip addr`."
    assert bank.get("run").prompt == "What prints?"


def test_bank_follows_the_kernel_language(bank_file: Path) -> None:
    """Without ``lang`` the bank is in :func:`coursekit.i18n.current`; English unchanged."""
    english = load_bank(bank_file)
    assert english.title == "Bridges" and english == load_bank(bank_file, lang="en")
    i18n.use("zh-CN")
    assert load_bank(bank_file).get("pick").prompt == "哪个驱动？"


QUESTION = SingleChoice(id="q", prompt="Which one?", explanation="Because.",
                        hint="Think.", choices=(Choice("a", True), Choice("b", False, "No.")))


def _wrong_answer(widget: SingleChoiceWidget) -> str:
    widget.options.value = "b"
    widget.check_button.click()
    return str(widget.feedback.value)


def test_widget_buttons_and_feedback_in_chinese() -> None:
    """With use("zh-CN") the buttons and a wrong answer's verdict are Chinese (ui-terms)."""
    i18n.use("zh-CN")
    w = SingleChoiceWidget(QUESTION)
    labels = [b.description for b in (w.check_button, w.hint_button, w.retry_button,
                                      w.explain_button)]
    assert labels == ["检查", "提示", "再试一次", "显示解析"]
    assert w.check_button.tooltip == "检查答案"
    feedback = _wrong_answer(w)
    assert "不是这个。No." in feedback and "Not this one" not in feedback
    w.show_explanation()
    assert "原因" in w.feedback.value or "解析" in w.feedback.value
    w.show_hint()
    assert "提示：" in w.hint.value


def test_widget_in_english_is_as_before() -> None:
    """use("en") gives exactly the English widget and feedback."""
    i18n.use("zh-CN")
    SingleChoiceWidget(QUESTION)
    i18n.use("en")
    w = SingleChoiceWidget(QUESTION)
    assert [w.check_button.description, w.hint_button.description] == ["Check", "Hint"]
    feedback = _wrong_answer(w)
    assert "Not this one. No." in feedback
    from coursekit.quiz.check import check_single

    assert feedback == feedback_html(check_single(QUESTION, "b"), explain=False)


def test_text_box_label_and_placeholder_in_chinese() -> None:
    i18n.use("zh-CN")
    w = TextAnswerWidget(ShortAnswer(id="ip", prompt="?", answers=("10.0.0.5",), kind="ip"))
    assert w.text.description == "答案：" and w.text.placeholder == "例如 10.0.0.5"
    assert w.run_note == "运行这个单元格来作答。"


TASK = LabTask(id="t", prompt="Run c1.", checks=(TaskCall("running", (("name", "c1"),)),))


def test_failing_lab_task_in_chinese(fake_lab: FakeLab) -> None:
    """The verdict names what is missing in Chinese; the command stays as Docker's."""
    i18n.use("zh-CN")
    fb = run_task(fake_lab, TASK)
    assert not fb.correct and fb.counted
    assert fb.message == "还没完成：\n- c1 还不存在：用 `docker run -d --name c1 ...` 创建它"
    i18n.use("en")
    assert run_task(fake_lab, TASK).message == (
        "Not yet:\n- c1 does not exist yet: create it with `docker run -d --name c1 ...`")


IP = ShortAnswer(id="gw", prompt="?", answers=("172.17.0.1",), kind="ip")


@pytest.mark.parametrize("typed", ["１７２．１７．０．１", "172.17.0.1。", " 172.17.0.1　",
                                   "「172.17.0.1」", "１７２．１７．０．１／１６"])
def test_chinese_typed_address_is_right(typed: str) -> None:
    assert check_short(IP, typed).correct


def test_chinese_typed_names_numbers_and_subnets() -> None:
    assert normalise("interface", "docker0。") == "docker0"
    assert normalise("interface", "ＤＯＣＫＥＲ０：") == "docker0"
    assert normalise("network", "“bridge”。") == "bridge"
    assert normalise("number", "６５，５３３") == repr(65533.0)
    assert normalise("cidr", "１７２．１７．０．０／１６") == "172.17.0.0/16"
    assert normalise("text", "  默认网桥。") == normalise("text", "默认网桥")
    assert not check_short(IP, "172.17.0.2。").correct


def test_prefix_note_and_verdicts_in_chinese() -> None:
    i18n.use("zh-CN")
    fb = check_short(IP, "１７２．１７．０．１／１６")
    assert fb.correct and fb.message.startswith("正确：172.17.0.1。（")
    assert check_short(IP, "abc").message.startswith("'abc' 不是 IP 地址")


def test_chinese_empty_prediction_matches_empty_output() -> None:
    q = PredictOutput(id="p", prompt="?", command="docker ps -q")
    empty = CommandResult("", "", 0)
    assert check_prediction(q, "无", empty).correct
    assert check_prediction(q, "（空）", empty).correct
    assert not check_prediction(q, "abc", CommandResult("", "", 0)).correct


def test_progress_and_summary_table_in_chinese() -> None:
    """Scores read in Chinese; the table lines up wide characters as a terminal does."""
    i18n.use("zh-CN")
    assert Score("01-basics", "", 5, 2, 2, 1).text() == "5 题中答对 2 题（1 题一次答对）"
    table = format_summary([LessonSummary("01-basics", 3, 2, 1, 7)]).splitlines()
    assert table[0].startswith("课程")
    assert width(table[0]) == width(table[1])
    assert width("课程") == 4 and width("lesson") == 6


ENGLISH_PROSE = re.compile(r"\b[a-z]{2,}(?: [a-z]{2,}){3,}\b")
"""Four English words in a row: a verdict left untranslated (commands are in code spans)."""


@pytest.mark.parametrize("case", [c for c in CASES if c.expect], ids=lambda c: c.id)
def test_every_failing_task_verdict_reads_in_chinese(case: Case) -> None:
    """Each wrong solution of the table gets its verdict in Chinese, fields filled in."""
    lab = Lab(backend="sim")
    play(lab, case.typed())
    i18n.use("zh-CN")
    fb = run_task(lab, case.bank_task())
    assert not fb.correct and fb.message.startswith("还没完成：\n- "), fb.message
    prose = re.sub(r"`[^`]*`", " ", fb.message)
    assert "{" not in prose and not ENGLISH_PROSE.search(prose), fb.message


def test_class_report_in_chinese(tmp_path: Path) -> None:
    """The report's table and chart speak Chinese; the chart finds the CJK glyphs."""
    import warnings

    from coursekit.quiz.progress import Progress
    from coursekit.quiz.report import build_report, format_report, write_chart
    from coursekit.viz.fonts import cjk_font

    with Progress(tmp_path / "home" / "ann" / "progress.sqlite", learner="ann") as p:
        p.record("01-basics", "fresh-networks", "x", False)
        p.record("01-basics", "fresh-networks", "y", True)
    report = build_report(tmp_path / "home")
    i18n.use("zh-CN")
    text = format_report(report)
    assert text.startswith(f"在 {tmp_path / 'home'} 下找到 1 名学习者")
    assert "题目" in text and "01-basics / fresh-networks" in text
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        chart = write_chart(report, tmp_path / "chart.png")
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if cjk_font() is not None:
        assert not [w for w in seen if "missing from font" in str(w.message)]
