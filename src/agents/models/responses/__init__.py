"""OpenAI's Responses wire: hosted tools, server-side conversation state, events passed through.

Import rule: like `chat`, it reads `dialects`, `wire` and `reliability`; never the loop.
"""
