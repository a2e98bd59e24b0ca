"""OpenAI's Responses wire: hosted tools, server-side conversation state, events passed through."""
