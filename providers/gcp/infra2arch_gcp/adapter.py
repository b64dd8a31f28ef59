"""The Google Cloud adapter: live projects in, an Inventory out. Read-only.

Shape (after cartography): per project, the project-wide services (networks, firewalls, addresses,
service accounts and IAM, buckets) and, per region, the regional ones (Vertex AI, subnetworks, routers
and NAT, forwarding rules, KMS, Artifact Registry, Cloud Run), and Workbench instances across all zones
in one list kept to the regions scanned. A service's ``sync`` reads
through a :class:`~infra2arch_gcp.context.Scope` (which pages, retries, counts calls and turns faults
into gaps) and transforms with pure functions. Tasks run concurrently in one bounded pool; results are
sorted, so the inventory does not depend on timing.
"""

from __future__ import annotations

import re
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import replace
from typing import Any, Callable

from infra2arch.errors import UserError
from infra2arch.model import Gap, GapKind, Inventory, Resource, SourceLocation
from infra2arch.redact import Redacted, is_secret_key, redact_inventory

from infra2arch_gcp import relate
from infra2arch_gcp.clients import NO_CREDENTIALS, Clients
from infra2arch_gcp.context import CredentialsMissing, Followups, Scope, ScanLog, is_credentials_error
from infra2arch_gcp.provider import GcpOptions
from infra2arch_gcp.services import artifacts, compute, iam, kms, run, storage, vertex, workbench

_REGION = re.compile(r"^[a-z]+(?:-[a-z]+)+\d+$")
NO_PROJECT = "no Google Cloud project given: pass --project, or set GOOGLE_CLOUD_PROJECT"

Sync = Callable[[Scope], "list[Resource] | Followups"]
GLOBAL_SYNCS: tuple[tuple[str, Sync], ...] = (*compute.GLOBAL_SYNCS, *iam.GLOBAL_SYNCS, *storage.GLOBAL_SYNCS)
REGIONAL_SYNCS: tuple[tuple[str, Sync], ...] = (*compute.REGIONAL_SYNCS, *kms.REGIONAL_SYNCS,
                                                *artifacts.REGIONAL_SYNCS, *run.REGIONAL_SYNCS)
VERTEX_SYNCS: tuple[tuple[str, Sync], ...] = vertex.SYNCS


class _Task:
    def __init__(self, label: str, run_: Callable[[], Any]):
        self.label = label
        self.run = run_


class Scan:
    def __init__(self, options: GcpOptions):
        self.options = options
        self.log = ScanLog()
        self.gaps: list[Gap] = []
        self.clients = Clients(options.endpoint_url, options.anonymous, options.max_workers)

    def _scope(self, project: str, region: str | None, number: str | None) -> Scope:
        return Scope(project, region, self.clients, self.log, number=number,
                     recent_jobs_days=self.options.recent_jobs_days, max_attempts=self.options.max_attempts)

    # -- projects and regions

    def projects(self) -> list[str]:
        if tuple(self.options.projects) == ("all",):
            return self._all_projects()
        projects = list(self.options.projects) or ([self.clients.default_project] if self.clients.default_project else [])
        if not projects:
            raise UserError(NO_PROJECT)
        return sorted(dict.fromkeys(projects))

    def _all_projects(self) -> list[str]:
        """Every active project the credentials can see (Resource Manager ``projects.list``, which answers the
        projects on which the caller holds ``resourcemanager.projects.get``: no permission of its own)."""
        scope = self._scope("*", None, None)
        api = "resourcemanager.projects.get"
        try:
            found = scope.rest_list(api, "/v1/projects", "projects", {"filter": "lifecycleState:ACTIVE"},
                                    required="projectId")
        except CredentialsMissing as error:
            raise UserError(_credentials_message(error)) from None
        if found is None:
            if any("not reachable" in g.reason for g in self.log.gaps()):
                raise UserError(f"cannot reach the Google APIs at {self.clients.base(api)}")
            reasons = [g.reason for g in self.log.gaps()]
            raise UserError("the projects could not be listed" + (f" ({reasons[0]})" if reasons else "")
                            + ": pass --project")
        projects = sorted({str(p["projectId"]) for p in found
                           if str(p.get("lifecycleState") or "ACTIVE") == "ACTIVE"})   # the filter, checked
        for item in found:
            if item.get("projectNumber"):
                self.log.number(str(item["projectId"]), str(item["projectNumber"]))
        if not projects:
            raise UserError("the credentials see no active Google Cloud project: pass --project")
        return projects

    def _project_number(self, scope: Scope) -> str | None:
        """The project's number (Resource Manager), which is also the first call: an endpoint that cannot be
        reached at all is one clear line rather than a gap for every API."""
        api = "resourcemanager.projects.get"
        try:
            data = scope._attempt(api, lambda: self.clients.rest("GET", api, f"/v1/projects/{scope.project}"))
        except Exception as error:  # noqa: BLE001 - sorted below
            if is_credentials_error(error) or type(error).__name__ == "Unauthenticated":
                scope._fault(error, api)   # raises CredentialsMissing
            if "ConnectionError" in type(error).__name__ or "Timeout" in type(error).__name__:
                raise UserError(f"cannot reach the Google APIs at {self.clients.base(api)} "
                                f"({type(error).__name__})") from None
            scope._fault(error, api)
            data = None
        number = str(data.get("projectNumber") or "") if data else ""
        if number:
            self.log.number(scope.project, number)
        return number or None

    def _vertex_locations(self, scope: Scope) -> list[str] | None:
        """Where Vertex AI is offered to the project (``/ui/projects/{p}/locations``), or None."""
        from google.cloud.location import locations_pb2

        client = self.clients.generated("aiplatform_v1", "EndpointServiceClient", None)
        api = "aiplatform.locations.list"
        locations: list[str] = []
        token = ""
        seen: set[str] = set()
        listed: list[str] = []
        try:
            while True:
                request = locations_pb2.ListLocationsRequest(name=f"projects/{scope.project}", page_size=100,
                                                             page_token=token)
                response = scope._attempt(api, lambda r=request: client.list_locations(r, retry=None, timeout=60))
                page = [loc.location_id for loc in response.locations]
                fresh = not page or not set(page) <= set(listed)
                listed += page
                # regions only: a multi-region or "global" location has no subnetworks, KMS or Cloud Run of its own
                locations += [location for location in page if _REGION.match(location or "")]
                token = response.next_page_token
                if not scope._more(api, token, seen, len(seen) + 1, fresh):
                    return sorted(set(locations))
        except Exception as error:  # noqa: BLE001 - a gap, and the regions asked for are scanned anyway
            scope._fault(error, api)
            return None

    def regions(self, scope: Scope) -> tuple[list[str], set[str]]:
        """(regions to scan, those of them where Vertex AI is offered)."""
        asked = [r for r in self.options.regions if r != "all"]
        offered = self._vertex_locations(scope)
        if asked and "all" not in self.options.regions:
            regions = sorted(set(asked))
            if offered is None:
                return regions, set(regions)
            for region in sorted(set(regions) - set(offered)):
                self.log.gap(GapKind.NOT_AVAILABLE, f"{scope.project}/{region}/aiplatform",
                             "Vertex AI is not offered in this region (not in the project's Vertex AI locations): "
                             "its Vertex AI objects were not read", "aiplatform.locations.list")
            return regions, set(regions) & set(offered)
        if offered is None:
            self.log.gap(GapKind.NOT_AVAILABLE, f"{scope.project}/regions",
                         "no region scanned: the Vertex AI locations could not be listed; pass --region", None)
            return [], set()
        return offered, set(offered)

    # -- the run

    def run(self) -> Inventory:
        projects = self.projects()
        tasks: list[_Task] = []
        all_regions: set[str] = set()
        try:
            for project in projects:
                setup = self._scope(project, None, None)
                number = self._project_number(setup)
                regions, vertex_regions = self.regions(setup)
                all_regions.update(regions)
                project_scope = self._scope(project, None, number)
                for label, sync in GLOBAL_SYNCS:
                    tasks.append(_Task(f"{project} global {label}", lambda f=sync, s=project_scope: f(s)))
                if regions:   # Workbench instances live in zones: one list across them all, kept to these regions
                    tasks.append(_Task(f"{project} global workbench-instances",
                                       lambda s=project_scope, r=tuple(regions): workbench.sync_instances(s, r)))
                for region in regions:
                    scope = self._scope(project, region, number)
                    syncs = REGIONAL_SYNCS + (VERTEX_SYNCS if region in vertex_regions else ())
                    for label, sync in syncs:
                        tasks.append(_Task(f"{project} {region} {label}", lambda f=sync, s=scope: f(s)))
            resources = self._execute(tasks)
        except CredentialsMissing as error:
            raise UserError(_credentials_message(error)) from None
        except Exception as error:  # noqa: BLE001 - only credential faults may escape the setup calls
            if is_credentials_error(error):
                raise UserError(_credentials_message(error)) from None
            raise
        by_address: dict[str, Resource] = {}
        for resource in resources:
            by_address.setdefault(resource.address, resource)
        ordered = [by_address[a] for a in sorted(by_address)]
        ordered, redacted = _redact_secret_env(ordered)
        numbers = {number: project for project, number in self.log.numbers.items()}
        ordered = relate.regional_networks(ordered, numbers)
        links = relate.links(ordered, numbers)
        gaps = self.gaps + self.log.gaps() + redacted
        scanned: dict[str, Any] = {
            "kind": "gcp",
            "target": "gcp",
            "projects": projects,
            "project_numbers": dict(sorted(self.log.numbers.items())),
            "regions": sorted(all_regions),
            "api_calls": self.log.api_calls,
            "api_calls_by_service": dict(sorted(self.log.calls_by_service.items())),
            "api_calls_by_api": dict(sorted(self.log.calls_by_api.items())),
        }
        if self.options.endpoint_url:
            scanned["endpoint_url"] = self.options.endpoint_url
        inventory = Inventory(resources=tuple(ordered), links=tuple(links),
                              gaps=tuple(sorted(gaps, key=lambda g: g.key())), scanned=scanned)
        return redact_inventory(inventory)

    def _execute(self, tasks: list[_Task]) -> list[Resource]:
        resources: list[Resource] = []
        total = len(tasks)
        done = 0
        progress = self.options.progress
        with ThreadPoolExecutor(max_workers=max(1, self.options.max_workers), thread_name_prefix="infra2arch-gcp") as pool:
            running: dict[Future, _Task] = {pool.submit(t.run): t for t in tasks}
            while running:
                finished, _ = wait(list(running), return_when=FIRST_COMPLETED)
                for future in finished:
                    task = running.pop(future)
                    try:
                        result = future.result()
                    except Exception as error:  # noqa: BLE001 - a bug in one service must not lose the others
                        if isinstance(error, CredentialsMissing) or is_credentials_error(error):
                            for other in running:
                                other.cancel()
                            raise CredentialsMissing(str(error)) from None
                        project, region, service = (task.label.split(" ", 2) + ["", ""])[:3]
                        self.gaps.append(Gap(GapKind.NOT_AVAILABLE, f"{project}/{region}/{service}",
                                             f"scan error, service skipped ({type(error).__name__}: {error})",
                                             SourceLocation(api=service)))
                        result = []
                    if isinstance(result, Followups):
                        resources.extend(result.resources)
                        total += len(result.tasks)
                        for label, run_ in result.tasks:
                            sub = _Task(f"{task.label.rsplit(' ', 1)[0]} {label}", run_)
                            running[pool.submit(sub.run)] = sub
                    else:
                        resources.extend(result)
                    done += 1
                    if progress is not None:
                        progress(task.label, done, total)
        return resources


def _credentials_message(error: BaseException) -> str:
    text = " ".join(str(error).split())
    if "rejected" in text:
        return text[:300]
    if "Reauthentication" in text or "invalid_grant" in text or "expired" in text.lower():
        return ("Google Cloud credentials expired or revoked: run `gcloud auth application-default login` again")
    return NO_CREDENTIALS


def _redact_secret_env(resources: list[Resource]) -> tuple[list[Resource], list[Gap]]:
    """Container environments are lists of {name, value}: a value whose *name* is secret-like (``HF_TOKEN``,
    ``DB_PASSWORD``) is never written, whatever it looks like. (Values that look like credentials under
    any name are caught by the core's redaction.)"""
    out: list[Resource] = []
    gaps: list[Gap] = []
    for resource in resources:
        found: list[str] = []
        attrs = _redact_env(dict(resource.attrs), "", found)
        if found:
            resource = replace(resource, attrs=attrs)
            gaps.append(Gap(GapKind.REDACTED, resource.address, f"secret values not written: {', '.join(sorted(found))}",
                            resource.source))
        out.append(resource)
    return out, gaps


def _redact_env(value: Any, path: str, found: list[str]) -> Any:
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, str) and isinstance(value.get("value"), str) and value["value"] and is_secret_key(name):
            found.append(f"{path}[{name}]")
            return {**value, "value": Redacted("secret-named environment variable")}
        return {k: _redact_env(v, f"{path}.{k}" if path else k, found) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact_env(v, path, found) for v in value]
    return value
