"""infra2arch: AI/ML cloud infrastructure (Terraform or live accounts) into architecture maps people can trust."""

__version__ = "0.1.0"
