"""`freeagents chat`: a streamed conversation whose history survives a change of provider.

The history is the run's `to_input_list()`, the SDK's provider-neutral conversation, so
`/model gemini/gemini-2.5-flash` after a Groq turn sends the whole conversation to Gemini.
One event loop serves the whole session, so each provider's client (and its connection
pool) is opened once, not once per message.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
from collections.abc import Iterator
from typing import TextIO

import openai

from agents.agent import Agent
from agents.cli.console import Spinner
from agents.cli.console import is_terminal
from agents.cli.console import one_line
from agents.cli.console import scrub
from agents.cli.console import std_streams
from agents.cli.errors import CliError
from agents.cli.errors import ExitCode
from agents.cli.model_names import default_model
from agents.cli.model_names import resolve_model
from agents.cli.run import model_settings
from agents.cli.run import text_delta
from agents.cli.usage_view import usage_table
from agents.exceptions import AgentsException
from agents.exceptions import UserError
from agents.items import TResponseInputItem
from agents.models.interface import Model
from agents.models.multi_provider import MultiProvider
from agents.run import Runner
from agents.usage import Usage

HELP = """commands:
  /model              show the current model
  /model PROVIDER/M   switch model (the conversation carries over)
  /usage              token usage so far, per model
  /clear              forget the conversation
  /help               this list
  /exit               leave (also /quit, or Ctrl-D)"""

PROMPT = "you> "


class ChatSession:
    """The conversation, the current model, and usage per model."""

    def __init__(
        self,
        args: argparse.Namespace,
        name: str,
        out: TextIO,
        err: TextIO,
        loop: asyncio.AbstractEventLoop,
    ) -> None:
        self.args, self.out, self.err, self.loop = args, out, err, loop
        self.provider = MultiProvider()
        self.model_name = name
        self.model: Model = resolve_model(name, self.provider)
        self.history: list[TResponseInputItem] = []
        self.usage: dict[str, Usage] = {}
        self.failed_turns = 0

    # -- commands ---------------------------------------------------------------------------

    def handle(self, line: str) -> bool:
        """Act on one input line; False when the session should end."""
        if not line.startswith("/"):
            self._turn(line)
            return True
        command, _, rest = line.partition(" ")
        rest = rest.strip()
        if command in ("/exit", "/quit"):
            return False
        if command == "/model":
            self._switch(rest)
        elif command == "/usage":
            self._say(usage_table(self.usage) if self.usage else "no requests yet")
        elif command == "/clear":
            self.history = []
            self._say("conversation cleared")
        elif command == "/help":
            self._say(HELP)
        else:
            self._error(f"unknown command {command}; /help lists them")
        return True

    def _say(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def _error(self, message: str) -> None:
        self.err.write(f"error: {scrub(one_line(message))}\n")
        self.err.flush()

    def _switch(self, name: str) -> None:
        if not name:
            self._say(f"model: {self.model_name}")
            return
        try:
            model = resolve_model(name, self.provider)
        except CliError as exc:
            self._error(exc.message)
            return
        except UserError as exc:
            self._error(exc.message)
            return
        self.model_name, self.model = name, model
        self._say(f"now using {name} ({len(self.history)} conversation items carried over)")

    # -- a turn -----------------------------------------------------------------------------

    def _turn(self, text: str) -> None:
        task = self.loop.create_task(self._stream(text))
        with self._ctrl_c_cancels(task):
            try:
                self.loop.run_until_complete(task)
            except asyncio.CancelledError:
                self.out.write("\n")
                self._error("interrupted; this exchange is not kept")
            except (AgentsException, openai.OpenAIError) as exc:
                self.failed_turns += 1
                message = exc.message if isinstance(exc, UserError) else str(exc)
                self._error(message)

    @contextlib.contextmanager
    def _ctrl_c_cancels(self, task: asyncio.Task[None]) -> Iterator[None]:
        """Ctrl-C stops the answer being streamed, not the session (where signals allow)."""
        try:
            self.loop.add_signal_handler(signal.SIGINT, task.cancel)
        except (NotImplementedError, RuntimeError, ValueError):  # Windows, or not main thread
            yield
            return
        try:
            yield
        finally:
            self.loop.remove_signal_handler(signal.SIGINT)

    async def _stream(self, text: str) -> None:
        agent = Agent(
            name="chat",
            instructions=self.args.instructions,
            model=self.model,
            model_settings=model_settings(self.args),
        )
        items: list[TResponseInputItem] = [*self.history, {"role": "user", "content": text}]
        streamed = Runner.run_streamed(agent, items)
        spinner = Spinner(f"waiting for {self.model_name}", stream=self.err).start()
        started = False
        try:
            async for event in streamed.stream_events():
                delta = text_delta(event)
                if not delta:
                    continue
                if not started:
                    spinner.stop()
                    self.out.write(f"{self.model_name}: ")
                    started = True
                self.out.write(delta)
                self.out.flush()
        finally:
            spinner.stop()
        if not started:
            self.out.write(f"{self.model_name}: {streamed.final_output or ''}")
        self._say("")
        self.history = streamed.to_input_list()
        self.usage.setdefault(self.model_name, Usage()).add(streamed.context_wrapper.usage)


def _lines(interactive: bool, stdin: TextIO, out: TextIO) -> Iterator[str]:
    """Input lines: with line editing on a terminal, one message per line when piped."""
    if not interactive:
        for line in stdin:
            yield line.strip()
        return
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401  (line editing and history for input())
    while True:
        try:
            yield input(PROMPT).strip()
        except EOFError:
            out.write("\n")
            return
        except KeyboardInterrupt:  # Ctrl-C at the prompt drops the line, as shells do
            out.write("\n")


@std_streams
def chat_command(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    name = default_model(args.model)
    interactive = is_terminal(stdin)
    loop = asyncio.new_event_loop()
    try:
        session = ChatSession(args, name, out, err, loop)
        if interactive:
            out.write(f"freeagents chat with {name}. /help lists commands, /exit leaves.\n")
        for line in _lines(interactive, stdin, out):
            if line and not session.handle(line):
                break
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
    if session.failed_turns and not interactive:
        return ExitCode.FAILED
    return ExitCode.OK
