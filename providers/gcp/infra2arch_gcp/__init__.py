"""infra2arch adapter for live Google Cloud projects (the Google SDKs are imported only when a scan runs)."""

from __future__ import annotations

from infra2arch_gcp.provider import GcpOptions, GcpProvider

__all__ = ["GcpProvider", "GcpOptions"]
