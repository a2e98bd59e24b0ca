"""The turn loop: call the model, run tools, hand off, until a final output."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING
from typing import Any

from agents._run.approvals import CallsOutcome
from agents._run.approvals import NextStepInterruption
from agents._run.approvals import run_function_calls
from agents._run.approvals import unanswered
from agents._run.blocked_output import blocked_message
from agents._run.blocked_output import withhold
from agents._run.error_handlers import error_kind
from agents._run.error_handlers import handle_run_error
from agents._run.event_names import EVENT_NAMES
from agents._run.guardrails import run_output_guardrails
from agents._run.guardrails import with_input_guardrails
from agents._run.handoff_step import enabled_handoffs
from agents._run.handoff_step import take_handoff
from agents._run.input_items import without_reasoning_id
from agents._run.lifetime import run_within
from agents._run.local_calls import act_on_local_calls
from agents._run.local_calls import tools_for_model
from agents._run.model_call import ModelCall
from agents._run.model_call import call_model
from agents._run.model_call import resolve_model
from agents._run.pending_input import admit_pending_input
from agents._run.run_spans import RunSpans
from agents._run.server_conversation import ServerConversation
from agents._run.session_io import prepare_session_input
from agents._run.session_io import save_turn
from agents._run.state_items import trace_state
from agents._run.steps import NextStep
from agents._run.steps import NextStepFinalOutput
from agents._run.steps import NextStepHandoff
from agents._run.steps import NextStepRepair
from agents._run.steps import next_step
from agents._run.tool_call import GuardrailLog
from agents._run.tool_call import check_tool_names
from agents._run.turn import ProcessedResponse
from agents._run.turn import check_truncated
from agents._run.turn import process_response
from agents._run.turn import tools_final_output
from agents.agent import Agent
from agents.exceptions import AgentsException
from agents.exceptions import MaxTurnsExceeded
from agents.exceptions import ModelBehaviorError
from agents.exceptions import ModelRefusalError
from agents.exceptions import OutputGuardrailTripwireTriggered
from agents.exceptions import RunTimeoutError
from agents.guardrail import InputGuardrailResult
from agents.guardrail import OutputGuardrailResult
from agents.handoffs import Handoff
from agents.hosted_tools import answer_mcp_approval
from agents.items import ItemHelpers
from agents.items import ModelResponse
from agents.items import RunItem
from agents.items import ToolApprovalItem
from agents.items import TResponseInputItem
from agents.items import items_to_input
from agents.lifecycle import RunHooks
from agents.lifecycle import overrides
from agents.memory.session import Session
from agents.model_input import apply_input_filter
from agents.model_settings import ModelSettings
from agents.models.interface import Model
from agents.models.openai_agent_registration import add_openai_harness_id_to_metadata
from agents.models.wire.unusable import empty_answer_message
from agents.result import RawSink
from agents.run_config import RunConfig
from agents.run_context import NESTED_TOOL_INPUT
from agents.run_context import AgentHookContext
from agents.run_context import RunContextWrapper
from agents.run_error_details import RunErrorDetails
from agents.run_error_handlers import RunErrorHandlers
from agents.stream_events import AgentUpdatedStreamEvent
from agents.stream_events import RunItemStreamEvent
from agents.stream_events import StreamEvent
from agents.structured.prompts import repair as repair_prompt
from agents.tool import FunctionToolResult
from agents.tool import Tool
from agents.tracing import Trace
from agents.tracing import TraceCtxManager
from agents.tracing import get_current_trace
from agents.tracing.config import include_task_and_turn_spans
from agents.tracing.config import tracing_globally_disabled
from agents.tracing.model_tracing import get_model_tracing_impl

if TYPE_CHECKING:
    from agents.tool_guardrails import ToolInputGuardrailResult
    from agents.tool_guardrails import ToolOutputGuardrailResult

__all__ = ["RunLoop"]

logger = logging.getLogger("openai.agents")


class RunLoop:
    """The mutable state of one run, shared by the plain and streamed entry points."""

    def __init__(
        self,
        agent: Agent[Any],
        input: str | list[TResponseInputItem],
        context: Any,
        max_turns: int,
        hooks: RunHooks[Any],
        run_config: RunConfig,
        emit: Callable[[StreamEvent], None] | None,
        previous_response_id: str | None = None,
        conversation_id: str | None = None,
    ) -> None:
        self.agent = agent
        self.starting_agent = agent
        self.current_agent = agent
        """The agent whose turn it is (self.agent is the one that finished, once one has)."""
        self.server = (
            ServerConversation(previous_response_id, conversation_id)
            if ServerConversation.wanted(previous_response_id, conversation_id)
            else None
        )
        self.original_input = input
        self.history: str | list[TResponseInputItem] = (
            input if isinstance(input, str) else list(input)
        )
        self.context = RunContextWrapper(context=context, tool_input=NESTED_TOOL_INPUT.get())
        NESTED_TOOL_INPUT.set(None)  # taken: runs this one starts are not agent tools' runs
        self.max_turns = max_turns
        self.hooks = hooks
        self.config = run_config
        self.emit = emit
        self.emit_raw: RawSink | None = None
        """A streamed run's cheaper path for model stream events after a call's first."""
        self.pre_turn_items: list[RunItem] = []
        self.items: list[RunItem] = []
        self.responses: list[ModelResponse] = []
        self.turn = 0
        self.final_output: Any = None
        self.finished = False
        self.pending_input: list[TResponseInputItem] = []
        """RunState.add_input's input, admitted before the next model call."""
        self.tracing = get_model_tracing_impl(
            run_config.tracing_disabled or tracing_globally_disabled(),
            run_config.trace_include_sensitive_data,
        )
        self.tools_used: dict[str, list[str]] = {}
        """Agent name -> the tools its model called (RunState's tool_use_tracker)."""
        self.paused: NextStepInterruption | None = None
        """The turn waiting for approvals: set when the run stops, read when it resumes."""
        self.resuming = False
        self.saved_items = 0
        """How many of the run's items a session already holds (those before a pause)."""
        self.trace_state: dict[str, Any] | None = None
        """The run's trace as RunState writes it, so a resumed run continues it."""
        self.trace: Trace | None = None
        """The run's trace (its own, or the caller's), once `run` has opened it."""
        self.input_guardrail_results: list[InputGuardrailResult] = []
        self.tool_guardrails = GuardrailLog()
        self.error_handlers: RunErrorHandlers[Any] | None = None
        self.hidden_items = 0
        """Items before this index are kept for the result but not sent to the model (a
        handoff filter that set `input_items` replaced them)."""
        self.output_guardrail_results: list[OutputGuardrailResult] = []
        self.withheld = False
        """Whether an output guardrail rejected a tool's output (blocked_output)."""
        self.spans = RunSpans(self.tracing, include_task_and_turn_spans(run_config.tracing))
        self.stop_after_turn: Callable[[], bool] = _never
        """Asked between turns: True ends the run there (a streamed run's after_turn cancel)."""
        self._repaired = False
        self._repair: tuple[int, list[TResponseInputItem]] | None = None
        """(position in items, input items): a failed structured answer and the request to
        correct it, shown to the model there but kept out of the run's items."""

    def emit_items(self, items: list[RunItem]) -> None:
        if self.emit is None:
            return
        for item in items:
            if isinstance(item, ToolApprovalItem):
                continue  # an approval is an interruption, read from the result
            if item.type == "compaction_item":
                continue  # conversation bookkeeping, as in the reference: not a stream event
            self.emit(RunItemStreamEvent(name=EVENT_NAMES[item.type], item=item))

    def set_input(self, input: str | list[TResponseInputItem]) -> None:
        """Replace the run's input before it starts (a session prepends its history)."""
        self.original_input = input
        self.history = input if isinstance(input, str) else list(input)

    def model_input(self) -> list[TResponseInputItem]:
        if self.server is not None:
            sent = self.server.next_input(self.history, self.items)
            if self._repair is not None:  # the server holds the failed answer already
                sent.extend(self._repair[1])
                self._repair = None
            return sent
        items = items_to_input(self.items[self.hidden_items :])
        if self.config.reasoning_item_id_policy == "omit":
            items = [without_reasoning_id(item) for item in items]
        if self._repair is not None:
            at, extra = self._repair
            at = min(at, len(items))
            items[at:at] = extra
        return ItemHelpers.input_to_new_input_list(self.history) + items

    def _start_repair(self, error: ModelBehaviorError, turn_items: list[RunItem]) -> None:
        """After a structured answer failed validation: one more turn that shows the model
        the error (see agents.structured); `next_step` allowed it (one per run, turns left)."""
        self._repaired = True
        del self.items[len(self.items) - len(turn_items) :]
        note: TResponseInputItem = {"role": "user", "content": repair_prompt(error)}
        if self.server is not None:
            self._repair = (len(self.items), [note])
        else:
            failed = [item.to_input_item() for item in turn_items]
            self._repair = (len(self.items), [*failed, note])

    def _settings(self, agent: Agent[Any]) -> ModelSettings:
        settings = agent.model_settings.resolve(self.config.model_settings)
        if (
            agent.reset_tool_choice
            and agent.name in self.tools_used
            and settings.tool_choice not in (None, "auto", "none")
        ):
            # A forced tool choice would make the model call the tool forever.
            settings = dataclasses.replace(settings, tool_choice=None)
        return settings

    def error_details(self) -> RunErrorDetails:
        """The run as it stands, for `exc.run_data`: items of completed turns only."""
        return RunErrorDetails(
            input=self.original_input,
            new_items=list(self.items),
            raw_responses=list(self.responses),
            last_agent=self.current_agent,
            context_wrapper=self.context,
            input_guardrail_results=list(self.input_guardrail_results),
            output_guardrail_results=list(self.output_guardrail_results),
            tool_input_guardrail_results=list(self.tool_guardrails.inputs),
            tool_output_guardrail_results=list(self.tool_guardrails.outputs),
        )

    def detach_stream(self) -> None:
        """Forget the streamed result's callbacks (they hold the result) once the run ended."""
        self.emit, self.emit_raw, self.stop_after_turn = None, None, _never

    @property
    def tool_input_guardrail_results(self) -> list[ToolInputGuardrailResult]:
        return self.tool_guardrails.inputs

    @property
    def tool_output_guardrail_results(self) -> list[ToolOutputGuardrailResult]:
        return self.tool_guardrails.outputs

    def timed_out(self) -> RunTimeoutError:
        error = RunTimeoutError(
            f"The run did not finish within RunConfig.run_timeout="
            f"{self.config.run_timeout:g}s (agent {self.current_agent.name!r}, turn "
            f"{self.turn}); it was cancelled and its model request closed. Raise run_timeout, "
            "or resume from the error's run_data.to_input_list()."
        )
        error.run_data = self.error_details()
        return error

    def _hook_context(self, agent: Agent[Any], run_hook: str) -> AgentHookContext[Any] | None:
        """The context agent hooks get: the run's, with the turn's input (usage is shared);
        None when neither the run's `run_hook` nor the agent's hooks would read it."""
        self.context.turn_input = ItemHelpers.input_to_new_input_list(self.history)
        if not (agent.hooks or overrides(self.hooks, run_hook)):
            return None
        return AgentHookContext(
            context=self.context.context,
            usage=self.context.usage,
            turn_input=list(self.context.turn_input),
            tool_input=self.context.tool_input,
        )

    async def start_agent(self, agent: Agent[Any]) -> None:
        self.current_agent = agent
        if self.emit is not None:
            self.emit(AgentUpdatedStreamEvent(new_agent=agent))
        hook_context = self._hook_context(agent, "on_agent_start")
        if hook_context is None:
            return
        await self.hooks.on_agent_start(hook_context, agent)
        if agent.hooks:
            await agent.hooks.on_start(hook_context, agent)

    async def _call_model(
        self,
        agent: Agent[Any],
        model: Model,
        system_prompt: str | None,
        input_items: list[TResponseInputItem],
        tools: list[Tool],
        handoffs: list[Handoff[Any, Any]],
    ) -> ModelResponse:
        call = ModelCall(
            agent=agent,
            model=model,
            system_prompt=system_prompt,
            input=input_items,
            tools=tools,
            handoffs=handoffs,
            settings=self._settings(agent),
            tracing=self.tracing,
            server=self.server,
        )
        return await call_model(call, self.context, self.hooks, self.emit, self.emit_raw)

    async def run(self) -> Any:
        """The whole run inside its trace (or the caller's, when one is already open)."""
        config = self.config
        outer = get_current_trace()
        disabled = self.tracing.is_disabled()
        with (
            TraceCtxManager(
                workflow_name=config.workflow_name,
                trace_id=config.trace_id,
                group_id=config.group_id,
                # A trace that records nothing reads no metadata.
                metadata=config.trace_metadata
                if disabled
                else add_openai_harness_id_to_metadata(
                    config.trace_metadata, model_provider=config.model_provider
                ),
                tracing=config.tracing,
                disabled=disabled,
            ) as opened,
            self.spans.task(config.workflow_name, self.context.usage),
        ):
            self.trace = opened.trace if opened.trace is not None else outer
            self.trace_state = trace_state(self.trace)
            try:
                return await self._loop()
            except BaseException as exc:
                if isinstance(exc, AgentsException) and exc.run_data is None:
                    exc.run_data = self.error_details()
                self.spans.close_agent(self.context.usage, exc)
                raise

    async def _loop(self) -> Any:
        """Turn after turn, each ending in a typed next step that is dispatched here; an
        interruption returns (None) with the turn kept in `self.paused` to resume from."""
        agent = self.current_agent if self.resuming else self.agent
        await self.start_agent(agent)
        step: NextStep | NextStepInterruption | None = None
        if self.resuming:
            step = await self._resume_turn(agent)
        while True:
            if step is None:
                try:
                    step = await self._turn(agent)
                except (MaxTurnsExceeded, ModelRefusalError, ModelBehaviorError) as error:
                    kind = error_kind(error)
                    handled = None if kind is None else await handle_run_error(self, kind, error)
                    if handled is None:
                        raise
                    return await self._finish(agent, handled, output_guardrails=False)
            if isinstance(step, NextStepInterruption):
                self.paused, self.agent = step, agent
                self.spans.close_agent(self.context.usage)
                return None
            if isinstance(step, NextStepFinalOutput):
                withheld = step.tool_call_ids if step.from_tool else None
                return await self._finish(agent, step.output, withheld_calls=withheld)
            if isinstance(step, NextStepHandoff):
                agent = await take_handoff(self, agent, step)
            elif isinstance(step, NextStepRepair):
                self._start_repair(step.error, step.turn_items)
            # NextStepRunAgain: the same agent's model reads what the turn added.
            step = None
            if self.stop_after_turn():
                # cancel(mode="after_turn"): the turn is complete, its items are kept (and
                # saved by run_to_end); no further model call.
                self.agent = agent
                self.spans.close_agent(self.context.usage)
                return None

    async def _resume_turn(self, agent: Agent[Any]) -> NextStep | NextStepInterruption:
        """Finish the paused turn without calling the model: its calls that have no output
        yet go through the gate again (approved ones run now, once)."""
        paused, self.paused, self.resuming = self.paused, None, False
        assert paused is not None
        self.items = [i for i in self.items if not isinstance(i, ToolApprovalItem)]
        processed = paused.processed
        remaining, earlier = unanswered(processed, self.items)
        turn_items: list[RunItem] = []
        tools = await agent.get_all_tools(self.context)
        tools = await tools_for_model(resolve_model(agent, self.config), tools, self.context)
        now = await self._act(agent, remaining, tools, turn_items, paused.nested)
        if now.pending:
            self.items.extend(turn_items)
            return NextStepInterruption(now.pending, processed, now.nested)
        return await self._verdict(agent, processed, turn_items, earlier + now.results, None)

    async def _turn(self, agent: Agent[Any]) -> NextStep | NextStepInterruption:
        """One model call and what follows from it: tools run, items recorded, a verdict."""
        await admit_pending_input(
            self.pending_input,
            agent,
            self.config,
            self.context,
            self.input_guardrail_results,
            self.items,
            tracing_disabled=self.tracing.is_disabled(),
        )
        self.turn += 1
        if self.turn > self.max_turns:
            raise MaxTurnsExceeded(
                f"Max turns ({self.max_turns}) exceeded by agent {agent.name!r}; raise "
                "max_turns in Runner.run if the task needs more model calls."
            )
        model = resolve_model(agent, self.config)
        tools = await tools_for_model(model, await agent.get_all_tools(self.context), self.context)
        handoffs = await enabled_handoffs(agent, self.context)
        check_tool_names(agent, tools, handoffs, self.config.tool_name_collision_policy)
        response = await self._model_turn(agent, model, tools, handoffs)
        processed = process_response(agent, response, tools, handoffs)
        check_truncated(agent, model, response, processed, self._settings(agent).max_tokens)
        turn_items: list[RunItem] = list(processed.new_items)
        self.emit_items(turn_items)
        done = await self._act(agent, processed, tools, turn_items)
        if done.pending:
            self.items.extend(turn_items)
            return NextStepInterruption(done.pending, processed, done.nested)
        return await self._verdict(agent, processed, turn_items, done.results, (model, response))

    async def _verdict(
        self,
        agent: Agent[Any],
        processed: ProcessedResponse,
        turn_items: list[RunItem],
        tool_results: list[FunctionToolResult],
        answered: tuple[Model, ModelResponse] | None,
    ) -> NextStep:
        """The turn's next step, once its tools ran (`answered`: the model call, for the
        empty-answer error; None on a resumed turn)."""
        decision = None
        if not processed.handoffs:
            self.items.extend(turn_items)  # a handoff records its items itself (input filter)
            if processed.tool_runs:
                decision = await tools_final_output(agent, tool_results, self.context)
        can_repair = not self._repaired and self.turn < self.max_turns
        step = next_step(agent, processed, turn_items, decision, can_repair=can_repair)
        if step is None:
            model, response = answered or (None, None)
            raise ModelBehaviorError(empty_answer_message(model, agent, response))
        return step

    async def _model_turn(
        self,
        agent: Agent[Any],
        model: Model,
        tools: list[Tool],
        handoffs: list[Handoff[Any, Any]],
    ) -> ModelResponse:
        """The model's answer for this turn (guarded by the input guardrails on the first)."""
        self.spans.open_agent(agent, tools)
        self.spans.open_turn(self.turn, agent.name, self.context.usage)
        system_prompt = await agent.get_system_prompt(self.context)
        model_input = self.model_input()
        if self.config.call_model_input_filter is not None:
            filtered = await apply_input_filter(
                self.config.call_model_input_filter,
                agent,
                self.context.context,
                model_input,
                system_prompt,
            )
            model_input, system_prompt = filtered.input, filtered.instructions
        call = self._call_model(agent, model, system_prompt, model_input, tools, handoffs)
        guardrails = [*(self.config.input_guardrails or []), *agent.input_guardrails]
        if self.turn == 1 and guardrails:
            response = await with_input_guardrails(
                call,
                guardrails,
                agent,
                self.original_input,
                self.context,
                self.input_guardrail_results,
                tracing_disabled=self.tracing.is_disabled(),
            )
        else:
            response = await call
        self.context.usage.add(response.usage)
        self.responses.append(response)
        if self.server is not None:
            self.server.received(response)
        return response

    async def _act(
        self,
        agent: Agent[Any],
        processed: ProcessedResponse,
        tools: list[Tool],
        turn_items: list[RunItem],
        resume: dict[str, Any] | None = None,
    ) -> CallsOutcome:
        """Run the turn's function tools that may run, answer its MCP approval requests;
        their output items join `turn_items` (and the stream) in the calls' order. Calls
        waiting for a person come back as approval items (added to `turn_items` too);
        `resume` holds the paused runs of agent tools to continue (by call id)."""
        outcome = CallsOutcome()
        if processed.tool_runs:
            used = self.tools_used.setdefault(agent.name, [])
            used.extend(r.call.name for r in processed.tool_runs if r.call.name not in used)
            outcome = await run_function_calls(
                agent, processed.tool_runs, tools, self, resume or {}
            )
            turn_items.extend(outcome.outputs)
            self.emit_items(list(outcome.outputs))
            turn_items.extend(outcome.pending)
        if processed.local_runs:  # shell, apply_patch, computer... calls on the Responses API
            outcome.pending.extend(await act_on_local_calls(agent, processed, self, turn_items))
        for approval in processed.mcp_approvals:
            answer = await answer_mcp_approval(agent, approval.tool, approval.request, self.context)
            turn_items.append(answer)
            self.emit_items([answer])
        return outcome

    async def _finish(
        self,
        agent: Agent[Any],
        output: Any,
        output_guardrails: bool = True,
        withheld_calls: tuple[str, ...] | None = None,
    ) -> Any:
        """`withheld_calls`: the output is these tool calls' (see blocked_output)."""
        self.agent = agent
        checked = len(self.output_guardrail_results)
        try:
            if output_guardrails:
                await run_output_guardrails(
                    [*(self.config.output_guardrails or []), *agent.output_guardrails],
                    agent,
                    output,
                    self.context,
                    self.output_guardrail_results,
                    tracing_disabled=self.tracing.is_disabled(),
                )
        except OutputGuardrailTripwireTriggered as tripped:
            if withheld_calls is not None:
                message = blocked_message(self.config, tripped, agent, self.context)
                results = self.output_guardrail_results[checked:]
                withhold(message, tripped, results, self.items, withheld_calls)
                self.output_guardrail_results[checked:] = results
                self.withheld = True
            raise
        self.final_output, self.finished = output, True
        self.spans.close_agent(self.context.usage)
        hook_context = self._hook_context(agent, "on_agent_end")
        if hook_context is not None:
            await self.hooks.on_agent_end(hook_context, agent, output)
            if agent.hooks:
                await agent.hooks.on_end(hook_context, agent, output)
        return output

    async def run_to_end(
        self,
        session: Session | None,
        on_input: Callable[[list[TResponseInputItem]], None] | None = None,
    ) -> Any:
        """The run within its time limit; with a session, its history goes first and the
        run's items are saved only once it succeeded, so a failed turn leaves it as it was."""
        session_input: list[TResponseInputItem] = []
        if session is not None and not self.resuming:
            prepared, session_input = await prepare_session_input(
                session,
                self.original_input,
                self.config.session_input_callback,
                self.config.session_settings,
            )
            self.set_input(prepared)
            if on_input is not None:
                on_input(prepared)
        try:
            output = await run_within(self.run(), self.config.run_timeout, self.timed_out)
        except OutputGuardrailTripwireTriggered:
            if session is not None and self.withheld:
                await self._save(session, session_input)  # the tool ran: keep that it did
            raise
        if session is not None:
            await self._save(session, session_input)
        return output

    async def _save(self, session: Session, session_input: list[TResponseInputItem]) -> None:
        # A pause saves what the run has so far; its resumption saves only what follows.
        produced = items_to_input(self.items)
        await save_turn(
            session, session_input + produced[self.saved_items :], self.responses, self.context
        )
        self.saved_items = len(produced)


def _never() -> bool:
    return False
