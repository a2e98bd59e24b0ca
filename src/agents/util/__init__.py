"""The reference SDK's `agents.util` package path; its helpers are private there and here."""
