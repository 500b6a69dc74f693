"""Application use cases that combine adapters (case log, photo store, models)."""
