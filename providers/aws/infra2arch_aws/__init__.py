"""infra2arch adapter for live AWS accounts (boto3 is imported only inside this package)."""

from __future__ import annotations

__all__ = ["AwsProvider", "AwsOptions"]


def __getattr__(name: str):  # keep `import infra2arch_aws` cheap: boto3 loads with the adapter
    if name in __all__:
        from infra2arch_aws import adapter

        return getattr(adapter, name)
    raise AttributeError(name)
