"""Where the evidence came from: file digests, tool versions, git state of the scanned tree,
Terraform provider versions from ``.terraform.lock.hcl``, and the generation time
(``SOURCE_DATE_EPOCH`` when set, for reproducible reports)."""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import shutil
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable, Mapping

from infra2arch import __version__
from infra2arch.errors import UserError

# distributions whose versions belong in the evidence: the tool, its adapters, and the libraries that
# shape the output (the SDKs only when installed: a Terraform audit never imports boto3)
DISTRIBUTIONS = ("infra2arch", "infra2arch-terraform", "infra2arch-aws", "infra2arch-gcp", "infra2arch-azure",
                 "diagrams", "weasyprint", "jinja2", "pyyaml", "boto3", "botocore", "google-cloud-aiplatform",
                 "google-cloud-compute", "azure-ai-ml", "azure-mgmt-network")
_SDKS_BY_KIND = {"aws": ("boto3", "botocore"), "gcp": ("google-cloud-aiplatform", "google-cloud-compute"),
                 "azure": ("azure-ai-ml", "azure-mgmt-network")}


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def generated_at(now: datetime.datetime | None = None) -> datetime.datetime:
    """UTC, whole seconds; SOURCE_DATE_EPOCH (reproducible builds convention) wins when set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise UserError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970") from None
    now = now or datetime.datetime.now(tz=datetime.timezone.utc)
    return now.astimezone(datetime.timezone.utc).replace(microsecond=0)


def iso(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def versions(kind: str) -> dict[str, str]:
    """Installed versions of the tool, adapters and libraries (SDKs only for the live source scanned)."""
    out: dict[str, str] = {}
    wanted_sdks = set(_SDKS_BY_KIND.get(kind, ()))
    all_sdks = {s for sdks in _SDKS_BY_KIND.values() for s in sdks}
    for name in DISTRIBUTIONS:
        if name in all_sdks and name not in wanted_sdks:
            continue
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            if name == "infra2arch":
                out[name] = __version__
    out["graphviz"] = graphviz_version()
    return out


def graphviz_version() -> str:
    dot = shutil.which("dot")
    if dot is None:
        return "not installed"
    try:
        completed = subprocess.run([dot, "-V"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    match = re.search(r"version (\S+)", completed.stderr.decode("utf-8", "replace"))
    return match.group(1) if match else "unknown"


def git_state(directory: Path) -> dict[str, Any]:
    """commit, dirty (uncommitted changes under the directory) and the repository-relative path;
    {"state": reason} when the directory is not in a git work tree or git is missing."""
    git = shutil.which("git")
    if git is None:
        return {"state": "git is not installed"}
    if not directory.is_dir():
        return {"state": "the scanned directory is not reachable from here"}

    def run(*argv: str) -> str | None:
        try:
            completed = subprocess.run([git, "-C", str(directory), *argv], capture_output=True, timeout=30,
                                       check=False, env=dict(os.environ, GIT_OPTIONAL_LOCKS="0", LC_ALL="C"))
        except (OSError, subprocess.TimeoutExpired):
            return None
        return completed.stdout.decode("utf-8", "replace") if completed.returncode == 0 else None

    commit = (run("rev-parse", "HEAD") or "").strip() or None
    if commit is None:
        return {"state": "not a git work tree (or no commit yet)"}
    status = run("status", "--porcelain", "--untracked-files=normal", "--", ".")
    prefix = (run("rev-parse", "--show-prefix") or "").strip()
    changed = [line[3:] for line in (status or "").splitlines() if len(line) > 3]
    return {"state": "dirty" if changed else "clean", "commit": commit, "path": prefix.rstrip("/") or ".",
            "changed_files": sorted(changed)[:200], "changed_count": len(changed)}


_LOCK_PROVIDER = re.compile(r'provider\s+"([^"]+)"\s*\{(.*?)\n\}', re.S)
_LOCK_FIELD = re.compile(r'^\s*(version|constraints)\s*=\s*"([^"]*)"', re.M)


def lock_providers(directory: Path) -> dict[str, dict[str, str]]:
    """Provider address -> {version, constraints, hashes} from .terraform.lock.hcl (Terraform writes
    it in a fixed format: one provider block per provider, version and constraints strings)."""
    path = directory / ".terraform.lock.hcl"
    if not path.is_file():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    out: dict[str, dict[str, str]] = {}
    for match in _LOCK_PROVIDER.finditer(text):
        fields = dict(_LOCK_FIELD.findall(match.group(2)))
        hashes = re.findall(r'"((?:h1|zh):[^"]+)"', match.group(2))
        out[match.group(1)] = {"version": fields.get("version", "unknown"),
                               "constraints": fields.get("constraints", ""), "hashes": str(len(hashes))}
    return dict(sorted(out.items()))


def input_digests(scanned: Mapping[str, Any], root: Path | None) -> list[dict[str, str]]:
    """Every input file the scan read, with its digest.

    The graph records the sha256 of each file the scan read (``scanned.inputs``); when the scanned
    directory is reachable, each file is hashed again and the note says whether it still matches.
    Older graphs list only file names (``scanned.files``): those are hashed now when reachable."""
    recorded = scanned.get("inputs")
    rows: list[dict[str, str]] = []
    if isinstance(recorded, Mapping):
        items: Iterable[tuple[str, str | None]] = ((str(k), str(v)) for k, v in recorded.items())
    else:
        items = ((str(f), None) for f in scanned.get("files") or () if isinstance(f, str))
    for name, digest in sorted(items):
        path = (root / name) if root is not None and not os.path.isabs(name) else Path(name)
        current = None
        if root is not None and path.is_file():
            try:
                current = sha256_file(path)
            except OSError:
                current = None
        if digest is None:
            rows.append({"path": name, "sha256": current or "unknown",
                         "note": "hashed at report time" if current else "not reachable: no digest recorded"})
        elif current is None:
            rows.append({"path": name, "sha256": digest, "note": "recorded at scan"})
        elif current == digest:
            rows.append({"path": name, "sha256": digest, "note": "recorded at scan; unchanged"})
        else:
            rows.append({"path": name, "sha256": digest, "note": f"recorded at scan; CHANGED since (now {current})"})
    return rows
