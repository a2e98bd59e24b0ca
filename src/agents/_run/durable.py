"""Durable-execution plug-ins and a model given as an instance in `RunConfig(model=...)`.

Plug-ins such as ``dbos-openai-agents`` make a run durable by replacing the run's model
provider with one that wraps each model it returns (each call becomes a recorded step) and
by wrapping the models set on agents. A `Model` instance in `RunConfig.model` goes through
neither, so its calls would not be recorded, and the plug-in's tool ordering, which waits for
the tool-call ids of a recorded call, would fail on the first tool with a bare ``KeyError``.
Here such a model is wrapped the way the plug-in wraps an agent's model; a plug-in whose
wrapper cannot be found is refused with what to do instead.
"""

from __future__ import annotations

import sys
from typing import Any

from agents.exceptions import UserError
from agents.models.interface import Model
from agents.models.interface import ModelProvider

__all__ = ["durable_run_config_model"]

_DBOS_MODULE = "dbos_openai_agents"


def durable_run_config_model(model: Model, provider: ModelProvider) -> Model:
    """`model` (from RunConfig.model) made durable under the run's plug-in provider."""
    module_name = type(provider).__module__
    if not module_name.startswith(_DBOS_MODULE):
        return model
    module = sys.modules.get(module_name)
    wrapper: Any = getattr(module, "DBOSModelWrapper", None)
    state = getattr(provider, "_state", None)
    if isinstance(wrapper, type) and state is not None:
        if isinstance(model, wrapper):
            return model
        wrapped: Model = wrapper(model, state)
        return wrapped
    raise UserError(
        f"DBOSRunner cannot make RunConfig(model={model!r}) durable: a Model instance in "
        "RunConfig bypasses its model provider. Set the model on the Agent instead "
        "(Agent(model=OpenAIChatCompletionsModel(...))), or give RunConfig a model name "
        "(RunConfig(model='provider/model'))"
    )
