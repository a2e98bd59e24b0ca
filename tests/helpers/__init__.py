"""Helpers shared by the test modules: runs either way (plain, streamed), the CLI's
environment. One copy each; a test module keeps at most a one-line wrapper of its own."""
