"""What every wire adapter shares: reading provider messages and usage, the OpenAI-client base.

Below `chat` and `responses` (and the LiteLLM route); imports no wire of its own.
"""
