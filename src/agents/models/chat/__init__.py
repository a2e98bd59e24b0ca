"""The Chat Completions wire: one protocol, every OpenAI-compatible provider.

Items go out as messages, chunks come back as Responses-API events. Provider differences are
read from `agents.models.dialects` profiles (data), never tested by provider name here.
"""
