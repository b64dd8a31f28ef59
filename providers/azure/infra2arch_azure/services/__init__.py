"""One module per area: each has ``SYNCS`` (label, function(scope) -> resources or Followups)."""
