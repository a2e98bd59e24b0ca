"""What a provider's dialect supports, as data: profiles, schema subsets, tool-call id formats.

The bottom of `agents.models`: plain data and pure functions, importing no wire or client code.
"""
