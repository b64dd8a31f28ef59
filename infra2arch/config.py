"""The project configuration file, ``infra2arch.yaml``: zone overrides, waivers, price and usage files.

```yaml
zones:
  - address: "aws_s3_bucket.public_assets"   # a glob over addresses
    zone: edge
  - tag: "DataClass=restricted"              # Key=Value or just Key
    zone: data
waivers:
  - rule: I2A-AWS-001
    address: aws_sagemaker_notebook_instance.research
    reason: "Research notebook; egress is filtered by the proxy (ticket SEC-123)"
    expires: 2027-03-31
prices: prices-override.yaml                 # relative to this file
usage: usage.yaml
```

Found with ``--config FILE``, else ``infra2arch.yaml`` (or ``.infra2arch.yaml``) in the scanned
directory. It is only read, never written.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path


import yaml

from infra2arch.yamlio import load_yaml

from infra2arch.annotate.model import Plane, Waiver, Zone
from infra2arch.annotate.zones import ZoneOverride
from infra2arch.errors import UserError

CONFIG_NAMES = ("infra2arch.yaml", ".infra2arch.yaml", "infra2arch.yml")


@dataclass(frozen=True)
class ProjectConfig:
    path: Path | None = None
    zone_overrides: tuple[ZoneOverride, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    prices: Path | None = None
    usage: Path | None = None
    raw: dict = field(default_factory=dict)


def find_config(explicit: str | None, scanned: str | None) -> ProjectConfig:
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise UserError(f"--config {explicit}: no such file")
        return load_config(path)
    if scanned:
        for name in CONFIG_NAMES:
            candidate = Path(scanned) / name
            if candidate.is_file():
                return load_config(candidate)
    return ProjectConfig()


def load_config(path: Path) -> ProjectConfig:
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise UserError(f"{path}{where}: not valid YAML ({getattr(exc, 'problem', None) or exc})") from None
    if not isinstance(data, dict):
        raise UserError(f"{path}: expected a mapping with zones, waivers, prices, usage")
    unknown = set(data) - {"zones", "waivers", "prices", "usage"}
    if unknown:
        raise UserError(f"{path}: unknown keys {', '.join(sorted(unknown))} (expected zones, waivers, prices, usage)")
    overrides = []
    for index, item in enumerate(data.get("zones") or []):
        if not isinstance(item, dict) or "zone" not in item or not ({"address", "tag"} & set(item)):
            raise UserError(f"{path}: zones[{index}] needs zone and address or tag")
        try:
            zone = Zone(str(item["zone"]))
            plane = Plane(str(item["plane"])) if item.get("plane") else None
        except ValueError:
            raise UserError(f"{path}: zones[{index}]: zone must be one of {', '.join(z.value for z in Zone)}") from None
        overrides.append(ZoneOverride(zone, item.get("address"), item.get("tag"), plane))
    waivers = []
    for index, item in enumerate(data.get("waivers") or []):
        if not isinstance(item, dict) or not {"rule", "address", "reason"} <= set(item):
            raise UserError(f"{path}: waivers[{index}] needs rule, address and reason (and optionally expires)")
        expires = item.get("expires")
        if isinstance(expires, (datetime.date, datetime.datetime)):
            expires = expires.isoformat()[:10]
        if expires is not None:
            try:
                datetime.date.fromisoformat(str(expires))
            except ValueError:
                raise UserError(f"{path}: waivers[{index}].expires must be a date (YYYY-MM-DD)") from None
        waivers.append(Waiver(str(item["rule"]), str(item["address"]), str(item["reason"]),
                              str(expires) if expires is not None else None))

    def relative(key: str) -> Path | None:
        value = data.get(key)
        if not value:
            return None
        candidate = Path(str(value))
        return candidate if candidate.is_absolute() else path.parent / candidate

    return ProjectConfig(path, tuple(overrides), tuple(waivers), relative("prices"), relative("usage"), data)
