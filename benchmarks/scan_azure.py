"""Azure scan benchmark: a subscription with ~500 Azure Machine Learning objects (workspaces,
computes, online and batch endpoints and deployments, model versions, datastores) and their network
and dependencies (VNets, subnets, NSGs, private endpoints and DNS zones, storage, Key Vault, registries,
Application Insights) in 3 regions, served by the tests' fake ARM server over HTTPS, scanned end to
end with the command line exactly as a real subscription is:

    INFRA2ARCH_AZURE_TOKEN=… infra2arch scan azure --subscription SUB --arm-endpoint URL --ca-bundle PEM \
        -o OUT -q --format json [--max-workers N]

    python benchmarks/scan_azure.py                 # table
    python benchmarks/scan_azure.py --json          # numbers as JSON on stdout
    python benchmarks/scan_azure.py --latency 0.05  # each ARM answer takes 50 ms (default 0.03)

Reported, for --max-workers 8 and 1: wall seconds of the CLI scan (interpreter start, ARM reads,
graph, annotations, graph.json) and of the adapter alone (ARM reads into an inventory), resources in graph.json (and how
many are Azure ML objects), API calls (graph.json ``scanned.api_calls``; the server's own count is
printed next to it) and calls per resource. Targets: at most 2 API calls per resource, and resource
groups and APIs read concurrently (8 workers well under 1). Needs the Azure adapter and cryptography
(pip install './providers/azure[test]'). Prints numbers; never fails on a slow machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.dont_write_bytecode = True
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "azure"))

from azure_estate import SUB, Builder  # noqa: E402
from azure_fake_arm import TOKEN, Estate, FakeArm  # noqa: E402

REGIONS = ("eastus", "westeurope", "southeastasia")
ML_TYPES = ("azurerm_machine_learning_workspace", "azurerm_machine_learning_compute_instance",
            "azurerm_machine_learning_compute_cluster", "azureml_online_endpoint", "azureml_online_deployment",
            "azureml_batch_endpoint", "azureml_batch_deployment", "azureml_model",
            "azurerm_machine_learning_datastore_blobstorage")
TARGET_CALLS_PER_RESOURCE = 2.0


def build(estate: Estate, workspaces_per_region: int) -> None:
    for region in REGIONS:
        b = Builder(estate, SUB, location=region)
        rg = f"rg-ml-{region}"
        b.resource_group(rg)
        nsg = b.nsg(rg, f"nsg-{region}", [{"name": "deny-internet", "priority": 4000, "access": "Deny",
                                           "source": "Internet"}])
        vnet = b.vnet(rg, f"vnet-{region}", "10.10.0.0/16", {
            "training": {"prefix": "10.10.0.0/22", "nsg": nsg["id"]},
            "endpoints": {"prefix": "10.10.4.0/24", "nsg": nsg["id"]},
            "serving": {"prefix": "10.10.5.0/24", "nsg": nsg["id"]}})
        training, endpoints = f"{vnet['id']}/subnets/training", f"{vnet['id']}/subnets/endpoints"
        zone = b.private_dns_zone(rg, "privatelink.api.azureml.ms", {f"link-{region}": vnet["id"]})
        law = b.log_analytics(rg, f"log-{region}")
        for w in range(workspaces_per_region):
            name = f"{region[:6]}{w:02d}"
            st = b.storage(rg, f"st{name}", public=False, containers=("data",))
            kv = b.key_vault(rg, f"kv-{name}", public=False)
            cr = b.registry(rg, f"cr{name}", public=False)
            appi = b.insights(rg, f"appi-{name}", law["id"])
            ws = b.workspace(rg, f"mlw-{name}", storage=st["id"], key_vault=kv["id"], insights=appi["id"],
                             registry=cr["id"], public=False)
            b.private_endpoint(rg, f"pe-{name}", endpoints, ws["id"], "amlworkspace", [zone["id"]])
            for c in range(3):
                b.compute(ws, f"ci-{c}", "ComputeInstance", {"vmSize": "Standard_DS3_v2", "subnet": {"id": training},
                                                             "enableNodePublicIp": False})
                b.compute(ws, f"cluster-{c}", "AmlCompute", {
                    "vmSize": "Standard_NC6s_v3", "subnet": {"id": training}, "enableNodePublicIp": False,
                    "scaleSettings": {"minNodeCount": 0, "maxNodeCount": 4}})
            models = [b.model(ws, f"model-{m}", versions=2) for m in range(6)]
            for e in range(6):
                endpoint = b.online_endpoint(ws, f"ep-{name}-{e}", public=False, traffic={"blue": 100})
                b.online_deployment(endpoint, "blue", models[e][-1], env={"LOG_LEVEL": "info"})
            b.batch_endpoint(ws, f"batch-{name}", "nightly", models[0][0], f"{ws['id']}/computes/cluster-0")
            b.datastore(ws, "workspaceblobstore", f"st{name}", "data", rg)
            b.datastore(ws, "training", f"st{name}", "data", rg)


def scan(arm: FakeArm, estate: Estate, workers: int, out: Path) -> dict:
    env = {**os.environ, "INFRA2ARCH_AZURE_TOKEN": TOKEN, "INFRA2ARCH_CACHE_DIR": str(out / "cache")}
    before = len(estate.requests)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "infra2arch", "scan", "azure", "--subscription", SUB,
                             "--arm-endpoint", arm.url, "--ca-bundle", str(arm.cert), "--max-workers", str(workers),
                             "-o", str(out), "-q", "--format", "json"], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"scan failed: {result.stderr.strip()}")
    data = json.loads((out / "graph.json").read_text())
    resources = len(data["resources"])
    calls = data["scanned"]["api_calls"]
    return {"workers": workers, "seconds": round(wall, 2), "resources": resources,
            "ml_objects": sum(1 for r in data["resources"] if r["type"] in ML_TYPES),
            "api_calls": calls, "server_requests": len(estate.requests) - before,
            "calls_per_resource": round(calls / max(resources, 1), 3), "gaps": len(data["gaps"])}


def adapter_only(arm: FakeArm, workers: int) -> float:
    """Seconds of the adapter alone (reading ARM into an inventory), in this process."""
    os.environ["INFRA2ARCH_AZURE_TOKEN"] = TOKEN
    from infra2arch_azure.provider import AzureOptions, AzureProvider

    started = time.perf_counter()
    AzureProvider().scan("azure", AzureOptions(subscriptions=(SUB,), arm_endpoint=arm.url, ca_bundle=str(arm.cert),
                                               max_workers=workers))
    return round(time.perf_counter() - started, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workspaces-per-region", type=int, default=5)
    parser.add_argument("--latency", type=float, default=0.03, help="seconds each ARM answer takes (default 0.03)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    estate = Estate(latency=args.latency)
    build(estate, args.workspaces_per_region)
    with tempfile.TemporaryDirectory() as tmp, FakeArm(estate, Path(tmp) / "tls") as arm:
        rows = [scan(arm, estate, workers, Path(tmp) / f"out-{workers}") for workers in (8, 1)]
        for row in rows:
            row["adapter_seconds"] = adapter_only(arm, row["workers"])
    if args.json:
        print(json.dumps({"latency": args.latency, "runs": rows}, indent=2))
        return
    print(f"Azure scan: {len(REGIONS)} regions, ARM answers take {args.latency * 1000:.0f} ms "
          f"(target: <= {TARGET_CALLS_PER_RESOURCE:g} calls per resource)")
    print(f"{'workers':>7} {'CLI s':>8} {'adapter s':>9} {'resources':>9} {'ML objects':>10} {'API calls':>9} {'server':>7} "
          f"{'calls/res':>9} {'gaps':>5}")
    for row in rows:
        print(f"{row['workers']:>7} {row['seconds']:>8.2f} {row['adapter_seconds']:>9.2f} {row['resources']:>9} {row['ml_objects']:>10} "
              f"{row['api_calls']:>9} {row['server_requests']:>7} {row['calls_per_resource']:>9.3f} {row['gaps']:>5}")


if __name__ == "__main__":
    main()
