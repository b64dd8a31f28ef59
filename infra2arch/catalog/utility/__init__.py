"""Catalog records for the utility providers (random, null, time, tls, local, archive, terraform)."""
