"""infra2arch adapter for live AWS accounts (boto3 is imported only inside this package)."""

from __future__ import annotations

__all__ = ["AwsProvider", "AwsOptions"]


def __getattr__(name: str):  # keep `import infra2arch_aws` cheap: boto3 loads with a scan
    if name in __all__:
        from infra2arch_aws import provider

        return getattr(provider, name)
    raise AttributeError(name)
