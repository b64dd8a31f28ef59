"""Renderers: pure functions from a graph (or a view of it) to bytes."""
