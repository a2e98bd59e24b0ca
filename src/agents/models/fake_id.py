"""The id given to items whose provider has no id for them (Chat Completions messages)."""

FAKE_RESPONSES_ID = "__fake_id__"
