"""The run loop's pure rules, tested without a model, a server or an event loop of their own."""
