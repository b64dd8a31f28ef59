"""GCP scan benchmark: a project with ~500 Vertex AI objects (models, endpoints with deployed models,
index endpoints, indexes, datasets, tensorboards, pipeline and custom jobs, feature online stores and
their views, persistent resources, Colab runtime templates) and their network, Workbench, buckets, keys,
repositories and Cloud Run over 4 regions, served by the fake Google REST server (tests/gcp/fake.py) and
scanned end to end with the command line
(`infra2arch scan gcp --project P --region R... --endpoint-url URL --anonymous -o OUT -q --format json`).

    python benchmarks/scan_gcp.py                  # table
    python benchmarks/scan_gcp.py --json           # numbers as JSON on stdout
    python benchmarks/scan_gcp.py --latency-ms 0   # an instant server (CPU-bound: measures this machine)

Reported: resources in graph.json, wall seconds of the 4-region scan, the sum of the wall seconds of each
region scanned alone (each in its own process: interpreter start-up and SDK imports count four times
there and once in the 4-region run, so the ratio net of start-up is given too), API calls (graph.json
`scanned.api_calls`) and calls per resource. The fake answers after --latency-ms (default 50 ms, a
round trip to a Google API) so that concurrency shows as it would against the real APIs. Targets: at
most 2 API calls per resource; regions and APIs scanned concurrently (4-region wall well under the sum).
Needs the GCP adapter (pip install './providers/gcp[test]'). Prints numbers; never fails on a slow machine.
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


def scan(url: str, regions: tuple[str, ...], output: Path, env: dict[str, str]) -> dict[str, Any]:
    argv = [sys.executable, "-m", "infra2arch", "scan", "gcp", "--project", PROJECT, "--endpoint-url", url,
            "--anonymous", "--region", ",".join(regions), "--max-attempts", "1", "-o", str(output), "-q",
            "--format", "json"]
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr.decode(errors='replace')}")
    graph = json.loads((output / "graph.json").read_text(encoding="utf-8"))
    calls = int(graph.get("scanned", {}).get("api_calls", 0))
    return {"wall_s": wall, "resources": len(graph.get("resources", [])), "api_calls": calls,
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
    fake = FakeGoogle(page_size=100, latency=args.latency_ms / 1000).start()
    try:
        started = time.perf_counter()
        created = populate(fake, args.per_region)
        setup_s = time.perf_counter() - started
        with tempfile.TemporaryDirectory(prefix="infra2arch-bench-gcp-") as work:
            started = time.perf_counter()   # interpreter start-up and imports, paid once per process
            subprocess.run([sys.executable, "-c", "import infra2arch.cli, infra2arch_gcp.adapter, "
                            "google.cloud.aiplatform_v1, google.cloud.compute_v1, google.cloud.notebooks_v2"],
                           env=env, check=True)
            startup_s = time.perf_counter() - started
            whole = scan(fake.url, REGIONS, Path(work) / "all", env)
            alone = {region: scan(fake.url, (region,), Path(work) / region, env) for region in REGIONS}
    finally:
        fake.stop()

    per_region_sum = sum(r["wall_s"] for r in alone.values())
    per_resource = whole["api_calls"] / max(1, whole["resources"])
    numbers = {
        "regions": list(REGIONS),
        "created": created,
        "latency_ms": args.latency_ms,
        "setup_s": round(setup_s, 2),
        "resources": whole["resources"],
        "gaps": whole["gaps"],
        "wall_4_regions_s": round(whole["wall_s"], 3),
        "per_region_wall_s": {r: round(v["wall_s"], 3) for r, v in alone.items()},
        "per_region_sum_s": round(per_region_sum, 3),
        "concurrency_ratio": round(whole["wall_s"] / per_region_sum, 3),
        "startup_s": round(startup_s, 3),
        "concurrency_ratio_net_of_startup": round((whole["wall_s"] - startup_s)
                                                  / max(1e-9, per_region_sum - len(REGIONS) * startup_s), 3),
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
    print(f"wall, 4 regions        {whole['wall_s']:.2f} s")
    for region, result in alone.items():
        print(f"  {region:<20} {result['wall_s']:.2f} s alone, {result['api_calls']} calls")
    print(f"sum of per-region      {per_region_sum:.2f} s   (ratio {numbers['concurrency_ratio']:.2f}; "
          f"target <= {TARGET_CONCURRENCY}: {ok[numbers['targets']['concurrency_met']]})")
    print(f"  net of start-up      ratio {numbers['concurrency_ratio_net_of_startup']:.2f} "
          f"(start-up + imports {startup_s:.2f} s per process)")
    print(f"API calls              {whole['api_calls']}")
    print(f"calls per resource     {per_resource:.2f}   (target <= {TARGET_CALLS_PER_RESOURCE}: "
          f"{ok[numbers['targets']['calls_per_resource_met']]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
