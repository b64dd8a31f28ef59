"""The price book (a versioned list of prices, each with its source and as-of date), the usage file,
and money formatting."""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

import yaml

from infra2arch.errors import UserError
from infra2arch.model import Resource
from infra2arch.yamlio import load_yaml

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_APPROXIMATE = re.compile(r"\b(uncertain|derived|approximate)\b", re.IGNORECASE)


# --------------------------------------------------------------------------------------------
# price book
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PriceEntry:
    id: str
    service: str                      # "aws.sagemaker.realtime"; the part before the first dot is the cloud
    sku: str                          # "ml.m5.large", "nat-gateway", "Standard_DS3_v2"
    region: str                       # the region the price was read for, or "*" (the same everywhere)
    unit: str                         # "hour", "GB-month", "GB", "1M requests", "LCU-hour", ...
    usd: float
    source: str
    as_of: str                        # YYYY-MM-DD
    note: str = ""

    @property
    def cloud(self) -> str:
        return self.service.split(".", 1)[0]

    def key(self) -> tuple[str, str, str]:
        return (self.service.lower(), self.sku.lower(), self.region.lower())

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "service": self.service, "sku": self.sku, "region": self.region, "unit": self.unit,
                "usd": self.usd, "source": self.source, "as_of": self.as_of, "note": self.note}


@dataclass(frozen=True)
class PriceBook:
    """A versioned list of prices. ``as_of`` is the oldest ``as_of`` of its entries."""

    version: str
    as_of: str
    entries: tuple[PriceEntry, ...]
    currency: str = "USD"
    hours_per_month: float = 730.0
    # per cloud ("aws", "google", "azure"): the region whose prices stand in for every other region
    default_regions: Mapping[str, str] = field(default_factory=dict, hash=False)
    _index: Mapping[tuple[str, str, str], PriceEntry] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {entry.key(): entry for entry in self.entries})

    # -- loading --------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path | None = None) -> "PriceBook":
        """The bundled book (``path`` None) or a user price file.

        A user file has the same shape; its entries may be partial (``{id: ..., usd: 0.2}``) when they
        override a bundled entry: see :meth:`merged`.
        """
        if path is None:
            text = resources.files("infra2arch.annotate").joinpath("data/prices.yaml").read_text(encoding="utf-8")
            return _parse_book(text, "bundled price book", strict=True)
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise UserError(f"price file {path}: {exc.strerror or exc}") from None
        return _parse_book(text, str(path), strict=False)

    def merged(self, override: "PriceBook") -> "PriceBook":
        """This book with ``override``'s entries replacing ours by id, or by (service, sku, region).

        Fields an override entry leaves empty are kept from the entry it replaces; entries matching
        nothing are added (and must then be complete).
        """
        entries = list(self.entries)
        by_id = {entry.id: i for i, entry in enumerate(entries)}
        by_key = {entry.key(): i for i, entry in enumerate(entries)}
        for new in override.entries:
            index = by_id.get(new.id) if new.id else None
            if index is None and new.service and new.sku:
                index = by_key.get(new.key())
            if index is None:
                missing = [name for name in ("id", "service", "sku", "unit", "source", "as_of") if not getattr(new, name)]
                if missing:
                    raise UserError(f"price file entry {new.id or new.key()!r} matches no bundled price and lacks "
                                    f"{', '.join(missing)}")
                entries.append(new)
                by_id[new.id] = len(entries) - 1
                by_key[new.key()] = len(entries) - 1
                continue
            old = entries[index]
            merged_entry = PriceEntry(
                id=new.id or old.id, service=new.service or old.service, sku=new.sku or old.sku,
                region=new.region or old.region, unit=new.unit or old.unit, usd=new.usd,
                source=new.source or old.source, as_of=new.as_of or old.as_of, note=new.note or old.note)
            entries[index] = merged_entry
            by_id[merged_entry.id] = index
            by_key[merged_entry.key()] = index
        ids = [entry.id for entry in entries]
        if len(ids) != len(set(ids)):
            raise UserError(f"price book {override.version}: duplicate ids after merging")
        dates = [entry.as_of for entry in entries if entry.as_of]
        regions = {**self.default_regions, **override.default_regions}
        return PriceBook(version=f"{self.version}+{override.version}", as_of=min(dates) if dates else "",
                         entries=tuple(entries), currency=self.currency, hours_per_month=self.hours_per_month,
                         default_regions=regions)

    # -- lookup ---------------------------------------------------------------------------------
    def find(self, service: str, sku: str, region: Any = None) -> PriceEntry | None:
        """The price for ``sku`` of ``service`` in ``region``: that region's entry, else the one valid
        everywhere ("*"), else the entry of the cloud's default region (an approximation the caller
        labels). None when the book has none."""
        service_l, sku_l = service.lower(), sku.lower()
        if isinstance(region, str) and region:
            found = self._index.get((service_l, sku_l, _norm_region(region)))
            if found is not None:
                return found
        found = self._index.get((service_l, sku_l, "*"))
        if found is not None:
            return found
        default = self.default_regions.get(service.split(".", 1)[0])
        if default:
            return self._index.get((service_l, sku_l, default.lower()))
        return None

    def meta(self) -> dict[str, Any]:
        return {"version": self.version, "as_of": self.as_of, "currency": self.currency,
                "hours_per_month": self.hours_per_month, "entries": len(self.entries)}


def _norm_region(region: str) -> str:
    return region.replace(" ", "").lower()


def _parse_book(text: str, origin: str, strict: bool) -> PriceBook:
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        raise UserError(f"{origin}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict) or not isinstance(data.get("prices"), list):
        raise UserError(f"{origin}: expected a mapping with a 'prices' list")
    currency = str(data.get("currency", "USD"))
    if currency != "USD":
        raise UserError(f"{origin}: currency {currency!r} is not supported (prices are in USD)")
    file_as_of = _date(data.get("as_of"), origin, "as_of") if data.get("as_of") is not None else ""
    version = str(data.get("version") or ("bundled" if strict else Path(origin).name))
    hours = data.get("hours_per_month", 730)
    if not isinstance(hours, (int, float)) or isinstance(hours, bool) or hours <= 0:
        raise UserError(f"{origin}: hours_per_month must be a positive number")
    regions = data.get("default_regions") or {}
    if not isinstance(regions, dict):
        raise UserError(f"{origin}: default_regions must map a cloud to a region")
    entries: list[PriceEntry] = []
    for number, raw in enumerate(data["prices"], 1):
        where = f"{origin}: price #{number}"
        if not isinstance(raw, dict):
            raise UserError(f"{where}: expected a mapping")
        unknown = set(raw) - {"id", "service", "sku", "region", "unit", "usd", "source", "as_of", "note"}
        if unknown:
            raise UserError(f"{where}: unknown keys {', '.join(sorted(unknown))}")
        usd = raw.get("usd")
        if not isinstance(usd, (int, float)) or isinstance(usd, bool) or usd < 0 or math.isnan(usd):
            raise UserError(f"{where}: usd must be a number >= 0")
        fields = {name: ("" if raw.get(name) is None else str(raw.get(name)).strip())
                  for name in ("id", "service", "sku", "region", "unit", "source", "note")}
        as_of = _date(raw.get("as_of"), where, "as_of") if raw.get("as_of") is not None else file_as_of
        if strict:
            missing = [name for name in ("id", "service", "sku", "region", "unit", "source") if not fields[name]]
            if not as_of:
                missing.append("as_of")
            if missing:
                raise UserError(f"{where}: missing {', '.join(missing)}")
        else:
            if not fields["id"] and not (fields["service"] and fields["sku"]):
                raise UserError(f"{where}: needs an id, or a service and a sku")
            if not fields["source"]:
                fields["source"] = f"user price file {Path(origin).name}"
            if fields["service"] and fields["sku"] and not fields["region"]:
                fields["region"] = "*"
        region = fields["region"]
        entries.append(PriceEntry(id=fields["id"], service=fields["service"], sku=fields["sku"],
                                  region=_norm_region(region) if region else "", unit=fields["unit"],
                                  usd=float(usd), source=fields["source"], as_of=as_of, note=fields["note"]))
    ids = [entry.id for entry in entries if entry.id]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise UserError(f"{origin}: duplicate price ids {', '.join(duplicates)}")
    keys = [entry.key() for entry in entries if entry.service and entry.sku]
    duplicate_keys = sorted({k for k in keys if keys.count(k) > 1})
    if duplicate_keys:
        raise UserError(f"{origin}: more than one price for {', '.join('/'.join(k) for k in duplicate_keys)}")
    dates = [entry.as_of for entry in entries if entry.as_of]
    return PriceBook(version=version, as_of=min(dates) if dates else "", entries=tuple(entries), currency=currency,
                     hours_per_month=float(hours),
                     default_regions={str(k): _norm_region(str(v)) for k, v in sorted(regions.items())})


def _date(value: Any, where: str, name: str) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value).strip()
    if not _DATE.match(text):
        raise UserError(f"{where}: {name} must be a date YYYY-MM-DD, got {value!r}")
    return text


# --------------------------------------------------------------------------------------------
# usage file
# --------------------------------------------------------------------------------------------

def load_usage(path: Path) -> dict[str, dict[str, float]]:
    """Read a usage file: resource address (or glob) -> usage key -> number."""
    path = Path(path)
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UserError(f"usage file {path}: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise UserError(f"usage file {path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if data is None:
        return {}
    if isinstance(data, dict) and isinstance(data.get("resource_usage"), dict):   # infracost's format
        data = data["resource_usage"]
    if not isinstance(data, dict):
        raise UserError(f"usage file {path}: expected a mapping of resource addresses to usage")
    usage: dict[str, dict[str, float]] = {}
    for address, values in sorted(data.items(), key=lambda item: str(item[0])):
        if values is None:
            continue
        if not isinstance(values, dict):
            raise UserError(f"usage file {path}: {address}: expected a mapping of usage keys to numbers")
        clean: dict[str, float] = {}
        for key, value in sorted(values.items(), key=lambda item: str(item[0])):
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
                raise UserError(f"usage file {path}: {address}.{key}: expected a number >= 0, got {value!r}")
            clean[str(key)] = float(value)
        usage[str(address)] = clean
    return usage


@lru_cache(maxsize=1024)
def _glob(pattern: str) -> re.Pattern[str]:
    return re.compile("".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern) + r"\Z")


def _usage_for(resource: Resource, usage: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
    """Merge every matching usage entry, least specific first: globs, the block address, the address."""
    matched: list[tuple[int, int, str]] = []
    for pattern in usage:
        if pattern == resource.address:
            matched.append((3, len(pattern), pattern))
        elif pattern == resource.block_address:
            matched.append((2, len(pattern), pattern))
        elif ("*" in pattern or "?" in pattern) and _glob(pattern).match(resource.address):
            literal = len(pattern.replace("*", "").replace("?", ""))
            matched.append((1, literal, pattern))
    merged: dict[str, float] = {}
    for _, _, pattern in sorted(matched):
        merged.update(usage[pattern])
    return merged


# --------------------------------------------------------------------------------------------
# formatting
# --------------------------------------------------------------------------------------------

def format_usd(value: float) -> str:
    """$0.023, $1.00, $0.0000166667: cents for round amounts, every significant digit below."""
    if value == 0:
        return "$0.00"
    if abs(value) >= 0.01 and round(value, 2) == round(value, 10):
        return f"${value:,.2f}"
    text = f"{value:.10f}".rstrip("0")
    if len(text.split(".")[1]) < 2:
        text = f"{value:.2f}"
    return f"${text}"


def _per(unit: str) -> str:
    return f"per {unit}"


def _qty(value: float) -> str:
    return f"{value:g}" if value < 1e7 else f"{value:.4g}"



# --------------------------------------------------------------------------------------------
# documentation
# --------------------------------------------------------------------------------------------

def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def cost_markdown(prices: PriceBook) -> str:
    """The price book as a Markdown table (for the README)."""
    lines = ["| id | service | sku | region | unit | USD | source | as_of |",
             "|---|---|---|---|---|---:|---|---|"]
    for entry in prices.entries:
        lines.append("| " + " | ".join(_cell(v) for v in (
            entry.id, entry.service, entry.sku, entry.region, entry.unit, format_usd(entry.usd), entry.source,
            entry.as_of)) + " |")
    return "\n".join(lines) + "\n"
