"""``| head``, ``| tail``, ``| grep``, ``| wc`` answer as GNU coreutils and grep do.

Expected texts were observed with ``printf 'a\\nb\\nc\\nd\\n' | TOOL ARGS`` on Debian 12.
"""

from __future__ import annotations

import pytest

from coursekit.cli.errors import PipeError
from coursekit.cli.shell.pipes import compile_stage, run_pipeline
from coursekit.result import CommandResult

TEXT = "a\nb\nc\nd\n"
GREP_USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"


def pipe(*stages: list[str], text: str = TEXT, stderr: str = "", code: int = 0) -> CommandResult:
    return run_pipeline(CommandResult(text, stderr, code), [compile_stage(s) for s in stages])


@pytest.mark.parametrize("argv, stdout", [
    (["head", "-n", "2"], "a\nb\n"),
    (["head", "-2"], "a\nb\n"),
    (["head", "-n2"], "a\nb\n"),
    (["head", "--lines=2"], "a\nb\n"),
    (["head", "-n", "-1"], "a\nb\nc\n"),
    (["head", "-n", "0"], ""),
    (["head"], TEXT),
    (["head", "-c", "3"], "a\nb"),
    (["tail", "-n", "2"], "c\nd\n"),
    (["tail", "-1"], "d\n"),
    (["tail", "-n", "-2"], "c\nd\n"),
    (["tail", "-n", "+2"], "b\nc\nd\n"),
    (["tail", "-n+3"], "c\nd\n"),
])
def test_head_and_tail_cut_lines(argv: list[str], stdout: str) -> None:
    """Counts, signs and the obsolete ``-N`` form cut as coreutils does."""
    assert pipe(argv) == CommandResult(stdout, "", 0)


def test_head_keeps_a_missing_final_newline() -> None:
    """``printf x | head -n 1`` prints ``x`` without adding a newline."""
    assert pipe(["head", "-n", "1"], text="x").stdout == "x"


@pytest.mark.parametrize("argv, stderr", [
    (["head", "-n", "abc"], "head: invalid number of lines: ‘abc’\n"),
    (["tail", "-n", "abc"], "tail: invalid number of lines: ‘abc’\n"),
    (["head", "-n"], "head: option requires an argument -- 'n'\n"
                     "Try 'head --help' for more information.\n"),
    (["head", "-x"], "head: invalid option -- 'x'\nTry 'head --help' for more information.\n"),
])
def test_head_and_tail_errors(argv: list[str], stderr: str) -> None:
    """A bad option prints coreutils' message and exits 1."""
    assert pipe(argv) == CommandResult("", stderr, 1)


@pytest.mark.parametrize("argv, stdout, code", [
    (["grep", "b"], "b\n", 0),
    (["grep", "z"], "", 1),
    (["grep", "-c", "b"], "1\n", 0),
    (["grep", "-c", "z"], "0\n", 1),
    (["grep", "-v", "b"], "a\nc\nd\n", 0),
    (["grep", "-vc", "b"], "3\n", 0),
    (["grep", "-i", "B"], "b\n", 0),
    (["grep", "B", "-i"], "b\n", 0),
    (["grep", "-in", "B"], "2:b\n", 0),
    (["grep", "-ivn", "B"], "1:a\n3:c\n4:d\n", 0),
    (["grep", "-E", "a|c"], "a\nc\n", 0),
    (["grep", r"a\|c"], "a\nc\n", 0),
    (["grep", "-E", r"a\|c"], "", 1),
    (["grep", "a|c"], "", 1),
    (["grep", "-e", "a", "-e", "c"], "a\nc\n", 0),
    (["grep", "-o", r"b\|c"], "b\nc\n", 0),
    (["grep", "[[:alpha:]]"], TEXT, 0),
    (["grep", "-q", "a"], "", 0),
    (["grep", "--color=auto", "a"], "a\n", 0),
    (["grep", "-E", "b{1"], "", 1),
    (["grep", "-F", "."], "", 1),
    (["grep", "-x", "b"], "b\n", 0),
])
def test_grep_selects_lines_as_gnu_grep(argv: list[str], stdout: str, code: int) -> None:
    """Basic and extended patterns, options anywhere, exit 1 when nothing matches."""
    assert pipe(argv) == CommandResult(stdout, "", code)


def test_grep_w_matches_whole_words() -> None:
    """``grep -w net`` matches ``net`` but not ``network`` or ``subnet``."""
    text = "my net\nnetwork\nsubnet\nnet-1\n"
    assert pipe(["grep", "-w", "net"], text=text).stdout == "my net\nnet-1\n"


@pytest.mark.parametrize("argv, stderr", [
    (["grep"], GREP_USAGE),
    (["grep", "-c"], GREP_USAGE),
    (["grep", "-e"], "grep: option requires an argument -- 'e'\n" + GREP_USAGE),
    (["grep", "--foo", "a"], "grep: unrecognized option '--foo'\n" + GREP_USAGE),
    (["grep", "-Y", "a"], "grep: invalid option -- 'Y'\n" + GREP_USAGE),
    (["grep", "["], "grep: Invalid regular expression\n"),
    (["grep", "-E", "("], "grep: Unmatched ( or \\(\n"),
])
def test_grep_errors_exit_2(argv: list[str], stderr: str) -> None:
    """Usage errors and bad patterns print grep's text and exit 2."""
    assert pipe(argv) == CommandResult("", stderr, 2)


@pytest.mark.parametrize("argv, stdout", [
    (["wc", "-l"], "4\n"), (["wc", "-w"], "4\n"), (["wc", "-c"], "8\n"),
    (["wc"], "      4       4       8\n"), (["wc", "-lw"], "      4       4\n"),
    (["cat"], TEXT),
])
def test_wc_and_cat(argv: list[str], stdout: str) -> None:
    """``wc`` prints a bare count for one option, width 7 for several."""
    assert pipe(argv).stdout == stdout


def test_stages_chain_and_the_last_exit_code_wins() -> None:
    """``| grep -v b | tail -n 1``: each stage reads the previous one's output."""
    assert pipe(["grep", "-v", "b"], ["tail", "-n", "1"]) == CommandResult("d\n", "", 0)
    assert pipe(["grep", "z"], ["wc", "-l"]) == CommandResult("0\n", "", 0)


def test_left_stderr_is_shown_and_not_piped() -> None:
    """The first command's stderr passes by the pipe; its exit code is not the line's."""
    result = pipe(["head", "-n", "1"], text="[]\n", stderr="Error: x\n", code=1)
    assert result == CommandResult("[]\n", "Error: x\n", 0)


@pytest.mark.parametrize("argv", [["awk", "{print $1}"], ["grep", "x", "file.txt"],
                                  ["head", "-n", "1", "file"], ["grep", "-A", "1", "x"]])
def test_what_the_lab_cannot_run_is_refused_before_running(argv: list[str]) -> None:
    """Unknown tools, file operands and context options raise PipeError."""
    with pytest.raises(PipeError) as info:
        compile_stage(argv)
    assert info.value.message.startswith("coursekit: ")
