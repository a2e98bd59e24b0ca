"""Internal: how a run executes. Nothing here is public API; users reach it through
`agents.run.Runner`.

- `loop`: the turn loop (RunLoop), dispatching on each turn's typed next step;
- `steps`: the next-step types and the pure rule that chooses one;
- `turn`: one turn's bookkeeping (sort the output, run tools, tool_use_behavior);
- `model_call`: one model call with its hooks, span and stream collection;
- `guardrails`, `lifetime` (deadlines, streams closed), `server_conversation`;
- `approvals`: the one approval gate every kind of tool asks (Approved / Rejected / Pending)
  and the interruption next step; `resume`: a loop <-> its RunState;
- `state_json`, `state_items`: RunState <-> JSON in openai-agents 0.24's schema.

Import rule: this package may import anything below it (agents, tools, items, models through
`Model`, tracing); only `agents.run`, `agents.run_state` and `agents.result` (lazily, for
`to_state` / `to_json`) import it, and nothing under
`agents.models` or the core types may.
"""
