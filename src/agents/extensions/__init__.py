"""Optional extensions at the reference's paths: other model routes (LiteLLM) and handoff
helpers.

Import rule: models layer (with `agents.models`); never the run loop, `run`, `run_config`
or the CLI. Optional packages (litellm) load only when used.
"""
