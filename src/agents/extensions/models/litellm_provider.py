"""LitellmProvider: model names in litellm's "provider/model" form, as LitellmModels.

`MultiProvider` sends "litellm/<name>" here with the prefix removed, so
`Agent(model="litellm/anthropic/claude-3-5-sonnet-20240620")` needs no other setup.
"""

from __future__ import annotations

from agents.exceptions import UserError
from agents.extensions.models.litellm_model import LitellmModel
from agents.models.interface import Model
from agents.models.interface import ModelProvider


class LitellmProvider(ModelProvider):
    """Every model litellm knows, with keys and base URLs from litellm's environment variables."""

    def get_model(self, model_name: str | None) -> Model:
        if not model_name:
            raise UserError(
                "LitellmProvider needs a model name in litellm's provider/model form; give the "
                "agent one, such as model='litellm/anthropic/claude-3-5-sonnet-20240620'"
            )
        return LitellmModel(model=model_name)
