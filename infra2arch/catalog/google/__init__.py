"""Catalog records for this cloud, one module per service."""
