"""Annotators: zones, findings, cost and latency on the graph (pure functions of the graph)."""
