"""GCP scan benchmark: a project with ~500 Vertex AI objects (models, endpoints with deployed models,
index endpoints, indexes, datasets, tensorboards, pipeline and custom jobs, feature online stores and
their views, persistent resources, Colab runtime templates) and their network, Workbench, buckets, keys,
repositories and Cloud Run over 4 regions, served by the fake Google REST server (tests/gcp/fake.py) and
scanned end to end with the command line
(`infra2arch scan gcp --project P --region R... --endpoint-url URL --anonymous -o OUT -q --format json`).

    python benchmarks/scan_gcp.py                  # table
    python benchmarks/scan_gcp.py --json           # numbers as JSON on stdout
    python benchmarks/scan_gcp.py --latency-ms 0   # an instant server (CPU-bound: measures this machine)

Reported: resources, the adapter's wall (and CPU) seconds for the 4 regions together and for each region
alone (in this process, SDKs already imported, so only the scan is timed), API calls and calls per
resource, and the command line end to end for the 4 regions (wall and CPU seconds of a fresh process:
start-up, SDK imports, scan, graph, annotations, graph.json). The fake runs in its own process. The fake answers after --latency-ms (default 50 ms, a
round trip to a Google API) so that concurrency shows as it would against the real APIs. Targets: at
most 2 API calls per resource; regions and APIs scanned concurrently (4-region wall well under the sum).
Needs the GCP adapter (pip install './providers/gcp[test]'). Prints numbers; never fails on a slow machine.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.dont_write_bytecode = True
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.gcp.fake import FakeGoogle  # noqa: E402
from tests.gcp.scenarios import Project  # noqa: E402

PROJECT, NUMBER = "bench-ml", "555000111222"
REGIONS = ("us-central1", "europe-west4", "asia-southeast1", "us-east4")
TARGET_CALLS_PER_RESOURCE = 2.0
TARGET_CONCURRENCY = 0.6     # "well under": the 4-region wall at most 60 % of the per-region sum


def populate(fake: FakeGoogle, per_region: int) -> dict[str, int]:
    """~per_region Vertex AI objects in each region, with the network and services around them."""
    project = Project(fake, PROJECT, NUMBER, REGIONS)
    vertex = network = 0
    for r_index, region in enumerate(REGIONS):
        net, subnet = f"vpc-{region}", f"ml-{region}"
        project.network(net)
        project.subnet(region, subnet, net, f"10.{r_index}.0.0/20")
        project.psa(f"psa-{region}", net, address=f"10.{100 + r_index}.0.0")
        project.router(region, f"router-{region}", net, nat=f"nat-{region}", subnet=subnet)
        project.firewall(f"iap-{region}", net, sources=["35.235.240.0/20"], allowed=[{"IPProtocol": "tcp", "ports": ["22"]}])
        key = project.kms_key(region, f"ring-{region}", "cmek")
        account = project.service_account(f"serving-{r_index}")
        bucket = f"{PROJECT}-artifacts-{region}"
        project.bucket(bucket, region.upper(), kms=key, members={"roles/storage.objectViewer": [f"serviceAccount:{account}"]})
        project.repository(region, "serving", kms=key, readers=[f"serviceAccount:{account}"])
        image = f"{region}-docker.pkg.dev/{PROJECT}/serving/predictor:1"
        project.run_service(region, "predict-api", image=image, env={"ENDPOINT_ID": "1"}, service_account=account,
                            network=net, subnet=subnet)
        for w in range(4):
            project.workbench(f"{region}-{'ab'[w % 2]}", f"notebook-{w}", network=net, subnet=subnet,
                              service_account=account, disable_public_ip=True, kms=key)
        network += 16
        share = per_region // 6           # models, endpoints (each with a deployed model) and the rest
        for i in range(share):
            project.model(region, f"{r_index}{i:04d}", f"model-{i}", artifact_uri=f"gs://{bucket}/m/{i}", image=image,
                          kms=key)
            project.endpoint(region, f"{r_index}{i:04d}", f"endpoint-{i}", network=net, kms=key,
                             deployed=[project.deployed(region, f"9{r_index}{i:04d}", f"{r_index}{i:04d}",
                                                        service_account=account)])
            vertex += 3
        rest = per_region - 3 * share
        kinds = ("indexEndpoints", "indexes", "datasets", "tensorboards", "pipelineJobs", "customJobs",
                 "persistentResources", "notebookRuntimeTemplates", "featureOnlineStores")
        for i in range(rest):
            collection = kinds[i % len(kinds)]
            ident = f"{r_index}{i:04d}"
            if collection == "featureOnlineStores":
                project.feature_online_store(region, f"store_{ident}", views={"v": f"bq://{PROJECT}.d.t{i}"})
                vertex += 2
            elif collection in ("pipelineJobs", "customJobs"):
                project.simple(region, collection, ident, f"{collection}-{i}", kms=key,
                               createTime=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
                vertex += 1
            else:
                project.simple(region, collection, ident, f"{collection}-{i}", kms=key)
                vertex += 1
    return {"vertex": vertex, "network_and_services": network}


def serve(per_region: int, latency_ms: float, pipe: Any, stop: Any) -> None:
    """The fake in its own process (its threads do not compete with the scanner for the GIL)."""
    fake = FakeGoogle(page_size=100, latency=latency_ms / 1000).start()
    created = populate(fake, per_region)
    pipe.send((fake.url, created))
    stop.wait()
    fake.stop()


def scan_in_process(url: str, regions: tuple[str, ...]) -> dict[str, Any]:
    """The adapter alone (SDKs already imported): what concurrency buys."""
    from infra2arch_gcp.provider import GcpOptions, GcpProvider

    started, cpu = time.perf_counter(), time.process_time()
    inventory = GcpProvider().scan("gcp", GcpOptions(projects=(PROJECT,), regions=regions, endpoint_url=url,
                                                     anonymous=True, max_attempts=1))
    return {"wall_s": time.perf_counter() - started, "cpu_s": time.process_time() - cpu,
            "resources": len(inventory.resources), "api_calls": int(inventory.scanned["api_calls"]),
            "gaps": len(inventory.gaps)}


def scan_cli(url: str, regions: tuple[str, ...], output: Path, env: dict[str, str]) -> dict[str, Any]:
    """End to end: the command line, graph, annotations and graph.json, in a fresh process."""
    argv = [sys.executable, "-m", "infra2arch", "scan", "gcp", "--project", PROJECT, "--endpoint-url", url,
            "--anonymous", "--region", ",".join(regions), "--max-attempts", "1", "-o", str(output), "-q",
            "--format", "json"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr.decode(errors='replace')}")
    graph = json.loads((output / "graph.json").read_text(encoding="utf-8"))
    return {"wall_s": wall, "cpu_s": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
            "resources": len(graph.get("resources", [])), "api_calls": int(graph.get("scanned", {}).get("api_calls", 0)),
            "gaps": len(graph.get("gaps", []))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.add_argument("--per-region", type=int, default=125, help="Vertex AI objects per region (default 125)")
    parser.add_argument("--latency-ms", type=float, default=50.0, help="the fake's answer delay (default 50 ms)")
    args = parser.parse_args()

    env = {k: v for k, v in os.environ.items() if not k.startswith(("GOOGLE_", "CLOUDSDK_"))}
    env.update(NO_GCE_CHECK="True", CLOUDSDK_CONFIG="/nonexistent/infra2arch-bench/gcloud",
               INFRA2ARCH_CACHE_DIR=tempfile.mkdtemp(prefix="infra2arch-bench-gcp-cache-"))
    os.environ.update(NO_GCE_CHECK="True")
    context = multiprocessing.get_context("fork")
    here, there = context.Pipe()
    stop = context.Event()
    server = context.Process(target=serve, args=(args.per_region, args.latency_ms, there, stop), daemon=True)
    server.start()
    try:
        url, created = here.recv()
        import google.cloud.aiplatform_v1, google.cloud.compute_v1, google.cloud.notebooks_v2  # noqa: E401,F401
        scan_in_process(url, REGIONS[:1])   # warm-up: first use of each client class and message type
        whole = scan_in_process(url, REGIONS)
        alone = {region: scan_in_process(url, (region,)) for region in REGIONS}
        with tempfile.TemporaryDirectory(prefix="infra2arch-bench-gcp-") as work:
            cli = scan_cli(url, REGIONS, Path(work) / "all", env)
    finally:
        stop.set()
        server.join(timeout=10)

    per_region_sum = sum(r["wall_s"] for r in alone.values())
    per_resource = whole["api_calls"] / max(1, whole["resources"])
    numbers = {
        "regions": list(REGIONS),
        "created": created,
        "latency_ms": args.latency_ms,
        "resources": whole["resources"],
        "gaps": whole["gaps"],
        "scan_4_regions_s": round(whole["wall_s"], 3),
        "scan_4_regions_cpu_s": round(whole["cpu_s"], 3),
        "scan_per_region_s": {r: round(v["wall_s"], 3) for r, v in alone.items()},
        "scan_per_region_sum_s": round(per_region_sum, 3),
        "concurrency_ratio": round(whole["wall_s"] / per_region_sum, 3),
        "cli_4_regions_wall_s": round(cli["wall_s"], 3),
        "cli_4_regions_cpu_s": round(cli["cpu_s"], 3),
        "cli_resources": cli["resources"],
        "api_calls": whole["api_calls"],
        "api_calls_per_region": {r: v["api_calls"] for r, v in alone.items()},
        "calls_per_resource": round(per_resource, 3),
        "targets": {
            "calls_per_resource_max": TARGET_CALLS_PER_RESOURCE,
            "calls_per_resource_met": per_resource <= TARGET_CALLS_PER_RESOURCE,
            "concurrency_ratio_max": TARGET_CONCURRENCY,
            "concurrency_met": whole["wall_s"] <= TARGET_CONCURRENCY * per_region_sum,
        },
    }
    if args.json:
        print(json.dumps(numbers, indent=2))
        return 0
    ok = {True: "met", False: "MISSED"}
    print(f"served by the fake     {created['vertex']} Vertex AI + {created['network_and_services']} network and "
          f"service resources over {len(REGIONS)} regions, {args.latency_ms:g} ms per answer")
    print(f"resources in graph     {whole['resources']} ({whole['gaps']} gaps)")
    print(f"scan, 4 regions        {whole['wall_s']:.2f} s ({whole['cpu_s']:.2f} s CPU)")
    for region, result in alone.items():
        print(f"  {region:<20} {result['wall_s']:.2f} s alone, {result['api_calls']} calls")
    print(f"sum of per-region      {per_region_sum:.2f} s   (ratio {numbers['concurrency_ratio']:.2f}; "
          f"target <= {TARGET_CONCURRENCY}: {ok[numbers['targets']['concurrency_met']]})")
    print(f"command line, 4 regions {cli['wall_s']:.2f} s wall, {cli['cpu_s']:.2f} s CPU (start-up, SDK imports, "
          "scan, graph, annotations, graph.json)")
    print(f"API calls              {whole['api_calls']}")
    print(f"calls per resource     {per_resource:.2f}   (target <= {TARGET_CALLS_PER_RESOURCE}: "
          f"{ok[numbers['targets']['calls_per_resource_met']]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
