"""Retries, fallback chains and typed provider errors: one policy for every route.

Wire adapters call into this package; it never imports a wire adapter, except `fallback`,
which resolves model names through the provider catalogue and so sits above the wires.
"""
