"""`freeagents chat` as a real process: piped, and on a pseudo-terminal."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time
from collections.abc import Iterator
from typing import Any

import pytest

from agents.testing import LoopbackProvider
from agents.testing import Reply

from .helpers.cli import cli_env as shared_cli_env
from .helpers.cli import run_cli

GROQ_KEY = "gsk-cli-chat-secret-0a1b2c3d4e"
GEMINI_KEY = "gemini-cli-chat-secret-9z8y7x"


def cli_env(**extra: str) -> dict[str, str]:
    """The CLI's test environment, as a terminal (TERM) would have it."""
    return shared_cli_env(TERM="xterm", **extra)


Providers = tuple[LoopbackProvider, LoopbackProvider, dict[str, str]]
"""Groq's and Gemini's loopback servers, and the CLI's environment pointing at both."""


@pytest.fixture
def providers() -> Iterator[Providers]:
    with (
        LoopbackProvider("groq", api_key=GROQ_KEY) as groq,
        LoopbackProvider("gemini", api_key=GEMINI_KEY) as gemini,
    ):
        env = cli_env(
            GROQ_BASE_URL=groq.url("/openai/v1"),
            GROQ_API_KEY=GROQ_KEY,
            GEMINI_BASE_URL=gemini.url("/v1beta/openai/"),
            GEMINI_API_KEY=GEMINI_KEY,
        )
        yield groq, gemini, env


def _contents(request: dict[str, Any]) -> list[Any]:
    return [(m["role"], m.get("content")) for m in request["messages"]]


class Terminal:
    """A child process on a pseudo-terminal: its stdin, stdout and stderr are all a tty,
    and the tty is its controlling terminal, so Ctrl-C arrives as SIGINT."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # the child: a wide terminal, then the command
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 200, 0, 0))
            os.execve(sys.executable, [sys.executable, *argv], env)
        self.pid, self.fd = pid, fd
        self.seen = ""
        self._unread = ""

    def expect(self, text: str, timeout: float = 20.0) -> str:
        """Everything printed up to and including `text` (consumed)."""
        deadline = time.monotonic() + timeout
        while text not in self._unread:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{text!r} not printed; got:\n{self.seen}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096).decode(errors="replace")
                except OSError:  # EIO: the child closed the terminal
                    chunk = ""
                if not chunk:
                    raise AssertionError(f"{text!r} not printed before exit; got:\n{self.seen}")
                self.seen += chunk
                self._unread += chunk
        head, _, tail = self._unread.partition(text)
        self._unread = tail
        return head + text

    def send(self, data: str) -> None:
        os.write(self.fd, data.encode())

    def wait(self, timeout: float = 20.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                with contextlib.suppress(OSError):  # EIO once the child closed the tty
                    self.seen += os.read(self.fd, 4096).decode(errors="replace")
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, 9)
        raise AssertionError(f"the command did not exit; output:\n{self.seen}")


def test_piped_chat_switches_provider_and_keeps_history(providers: Providers) -> None:
    groq, gemini, env = providers
    groq.enqueue(Reply(text="Nice to meet you, Ada."))
    gemini.enqueue(Reply(text="Your name is Ada."))
    script = "\n".join(
        [
            "My name is Ada.",
            "/model gemini/gemini-2.5-flash",
            "What is my name?",
            "/model nonsense/model",
            "/usage",
            "/exit",
            "never sent",
        ]
    )
    done = run_cli("chat", "--model", "groq/llama-3.1-8b-instant", input=script + "\n", env=env)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "groq/llama-3.1-8b-instant: Nice to meet you, Ada.\n" in out
    assert "now using gemini/gemini-2.5-flash (2 conversation items carried over)" in out
    assert "gemini/gemini-2.5-flash: Your name is Ada.\n" in out
    assert "you>" not in out  # no prompt when input is piped
    assert "error: unknown provider 'nonsense'" in done.stderr
    # Gemini got the Groq part of the conversation, then the new question.
    assert len(gemini.chat_requests) == 1
    assert _contents(gemini.chat_requests[0]) == [
        ("user", "My name is Ada."),
        ("assistant", "Nice to meet you, Ada."),
        ("user", "What is my name?"),
    ]
    assert gemini.chat_requests[0]["model"] == "gemini-2.5-flash"
    assert gemini.chat_requests[0]["stream"] is True
    assert len(groq.chat_requests) == 1  # /exit stopped before "never sent"
    usage_lines = out.split("/usage")[-1] if "/usage" in out else out
    assert "groq/llama-3.1-8b-instant" in usage_lines and "total" in usage_lines
    table = [line for line in out.splitlines() if line.startswith(("groq/", "gemini/", "total"))]
    assert [line.split()[0] for line in table if line.split()[1:2] == ["1"]] == [
        "groq/llama-3.1-8b-instant",
        "gemini/gemini-2.5-flash",
    ]
    assert any(line.startswith("total") and line.split()[1] == "2" for line in table)
    for text in (done.stdout, done.stderr):
        assert GROQ_KEY not in text and GEMINI_KEY not in text


def test_piped_chat_exits_1_when_a_turn_failed(providers: Providers) -> None:
    groq, _, env = providers
    groq.enqueue(Reply(status=400), Reply(text="recovered"))  # 400: not retried
    done = run_cli("chat", "-m", "groq/x", input="first\nsecond\n", env=env)
    assert done.returncode == 1
    assert "error: " in done.stderr
    assert "groq/x: recovered" in done.stdout
    # The failed exchange is not part of the history the second message carried.
    assert _contents(groq.chat_requests[-1]) == [("user", "second")]


def test_chat_missing_key_exits_3() -> None:
    done = run_cli("chat", "-m", "gemini/gemini-2.5-flash", input="hi\n", env=cli_env())
    assert done.returncode == 3
    assert "GEMINI_API_KEY" in done.stderr and "Traceback" not in done.stderr


def test_terminal_chat_switches_model_mid_conversation(providers: Providers) -> None:
    groq, gemini, env = providers
    groq.enqueue(Reply(text="Noted: your favourite colour is teal."))
    gemini.enqueue(Reply(text="You said teal."))
    term = Terminal(["-m", "agents.cli", "chat", "--model", "groq/llama-3.1-8b-instant"], env)
    term.expect("freeagents chat with groq/llama-3.1-8b-instant")
    term.expect("you> ")
    term.send("My favourite colour is teal.\r")
    term.expect("groq/llama-3.1-8b-instant: Noted: your favourite colour is teal.")
    term.expect("you> ")
    term.send("/model gemini/gemini-2.5-flash\r")
    term.expect("now using gemini/gemini-2.5-flash (2 conversation items carried over)")
    term.expect("you> ")
    term.send("Which colour did I say?\r")
    term.expect("gemini/gemini-2.5-flash: You said teal.")
    term.expect("you> ")
    term.send("/usage\r")
    table = term.expect("you> ")
    assert "groq/llama-3.1-8b-instant" in table and "gemini/gemini-2.5-flash" in table
    term.send("/exit\r")
    assert term.wait() == 0
    assert _contents(gemini.chat_requests[-1]) == [
        ("user", "My favourite colour is teal."),
        ("assistant", "Noted: your favourite colour is teal."),
        ("user", "Which colour did I say?"),
    ]
    assert GROQ_KEY not in term.seen and GEMINI_KEY not in term.seen


def test_terminal_ctrl_c_stops_the_answer_not_the_session(providers: Providers) -> None:
    groq, _, env = providers
    groq.enqueue(Reply(text="this answer is too slow", delay=30), Reply(text="fast answer"))
    term = Terminal(["-m", "agents.cli", "chat", "-m", "groq/x"], env)
    term.expect("you> ")
    term.send("slow question\r")
    term.expect("waiting for groq/x")  # the spinner, on a terminal only
    # The spinner starts before the request leaves: interrupt only once the server holds the
    # slow request, or the next question would take the slow reply.
    deadline = time.monotonic() + 20
    while not groq.chat_requests and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(groq.chat_requests) == 1
    term.send("\x03")
    term.expect("interrupted; this exchange is not kept")
    term.expect("you> ")
    term.send("quick question\r")
    term.expect("groq/x: fast answer")
    term.expect("you> ")
    term.send("\x04")  # Ctrl-D leaves
    assert term.wait() == 0
    assert _contents(groq.chat_requests[-1]) == [("user", "quick question")]


def test_terminal_run_shows_a_spinner_and_piped_run_does_not() -> None:
    with LoopbackProvider("groq", api_key=GROQ_KEY) as groq:
        env = cli_env(GROQ_BASE_URL=groq.url("/openai/v1"), GROQ_API_KEY=GROQ_KEY)
        groq.enqueue(Reply(text="slow but sure", delay=0.6), Reply(text="piped", delay=0.6))
        term = Terminal(["-m", "agents.cli", "run", "-m", "groq/x", "hello"], env)
        term.expect("waiting for groq/x")
        term.expect("slow but sure")
        assert term.wait() == 0
        piped = run_cli("run", "-m", "groq/x", "hello", env=env)
    assert piped.returncode == 0
    assert piped.stdout == "piped\n" and piped.stderr == ""
