"""Model routes beyond the `openai` client: `LitellmModel` (litellm's providers), built on the
Chat Completions body and stream conversion of `agents.models.chat`.
"""
