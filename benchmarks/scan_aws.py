"""AWS scan benchmark: an account with ~500 SageMaker resources (models, endpoint configurations,
endpoints, notebook instances) and their network (VPC, subnets, security groups) over 4 regions, held by
a moto server started here as a separate process, scanned end to end with the command line
(`infra2arch scan aws --endpoint-url URL --region ... --max-attempts 1 -o OUT -q --format json`).

    python benchmarks/scan_aws.py               # table
    python benchmarks/scan_aws.py --json        # numbers as JSON on stdout
    python benchmarks/scan_aws.py --per-region 40

Reported: resources in graph.json, wall seconds of the 4-region scan, the sum of the wall seconds of
each region scanned alone (each in its own process, so interpreter start-up counts four times there and
once in the 4-region run), API calls (graph.json `scanned.api_calls`) and calls per resource. Targets:
at most 2 API calls per resource, and regions scanned concurrently (4-region wall well under the sum).
Needs boto3 and moto[server] (pip install './providers/aws[test]'). Prints numbers; never fails on a
slow machine.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.dont_write_bytecode = True

REGIONS = ("us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1")
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
ACCOUNT = "123456789012"
TARGET_CALLS_PER_RESOURCE = 2.0
TARGET_CONCURRENCY = 0.6     # "well under": the 4-region wall at most 60 % of the per-region sum


# ------------------------------------------------------------------------------------ moto server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_moto() -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"moto_server exited ({process.returncode}); pip install './providers/aws[test]'")
        try:
            with urllib.request.urlopen(f"{url}/moto-api/", timeout=1):
                return process, url
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("moto_server did not start within 30 s")


# ------------------------------------------------------------------------------------ the account


def populate(url: str, per_region: int) -> dict[str, int]:
    """Per region: a VPC, 2 subnets, a security group; per_region SageMaker resources split into
    models, endpoint configurations, endpoints (one chain per model) and notebook instances (ml.m5.large
    for endpoints; notebooks ml.t3.medium: moto's notebook enum has no ml.m5.large)."""
    import boto3
    from botocore.config import Config

    config = Config(retries={"mode": "standard", "total_max_attempts": 3}, max_pool_connections=16)

    def client(service: str, region: str):
        return boto3.client(service, region_name=region, endpoint_url=url, config=config,
                            aws_access_key_id="testing", aws_secret_access_key="testing")

    trust = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    role = client("iam", REGIONS[0]).create_role(RoleName="sagemaker-execution",
                                                 AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    notebooks = max(1, per_region // 5)
    chains = max(1, (per_region - notebooks) // 3)

    def one_region(index: int, region: str) -> dict[str, int]:
        ec2, sm = client("ec2", region), client("sagemaker", region)
        vpc = ec2.create_vpc(CidrBlock=f"10.{index}.0.0/16")["Vpc"]["VpcId"]
        subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.{index}.{n}.0/24",
                                     AvailabilityZone=f"{region}{zone}")["Subnet"]["SubnetId"]
                   for n, zone in enumerate("ac", start=1)]   # ap-northeast-1 has no "b"
        group = ec2.create_security_group(GroupName="ml", Description="ml", VpcId=vpc)["GroupId"]
        for n in range(chains):
            model, cfg = f"model-{n:03d}", f"config-{n:03d}"
            sm.create_model(ModelName=model, ExecutionRoleArn=role,
                            PrimaryContainer={"Image": f"{ACCOUNT}.dkr.ecr.{region}.amazonaws.com/serve:1",
                                              "ModelDataUrl": f"s3://artifacts-{region}/{model}.tar.gz"},
                            VpcConfig={"Subnets": subnets, "SecurityGroupIds": [group]})
            sm.create_endpoint_config(EndpointConfigName=cfg, ProductionVariants=[{
                "VariantName": "primary", "ModelName": model, "InstanceType": "ml.m5.large",
                "InitialInstanceCount": 1}])
            sm.create_endpoint(EndpointName=f"endpoint-{n:03d}", EndpointConfigName=cfg)
        for n in range(notebooks):
            sm.create_notebook_instance(NotebookInstanceName=f"notebook-{n:03d}", InstanceType="ml.t3.medium",
                                        RoleArn=role, SubnetId=subnets[n % 2], SecurityGroupIds=[group])
        return {"sagemaker": 3 * chains + notebooks, "network": 4}

    with ThreadPoolExecutor(len(REGIONS)) as pool:
        created = list(pool.map(one_region, range(len(REGIONS)), REGIONS))
    return {"sagemaker": sum(c["sagemaker"] for c in created), "network": sum(c["network"] for c in created)}


# ------------------------------------------------------------------------------------ scanning


def scan(url: str, regions: tuple[str, ...], output: Path, env: dict[str, str]) -> dict[str, Any]:
    argv = [sys.executable, "-m", "infra2arch", "scan", "aws", "--endpoint-url", url,
            "--region", ",".join(regions), "--max-attempts", "1", "-o", str(output), "-q", "--format", "json"]
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - started
    if done.returncode not in (0, 3):   # 3: completed with gaps (moto lacks some APIs)
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr.decode(errors='replace')}")
    graph = json.loads((output / "graph.json").read_text(encoding="utf-8"))
    calls = int(graph.get("scanned", {}).get("api_calls", 0))
    return {"wall_s": wall, "resources": len(graph.get("resources", [])), "api_calls": calls,
            "gaps": len(graph.get("gaps", [])), "exit": done.returncode}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.add_argument("--per-region", type=int, default=125, help="SageMaker resources per region (default 125)")
    args = parser.parse_args()

    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(CREDENTIALS, AWS_DEFAULT_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true",
               AWS_CONFIG_FILE="/nonexistent/infra2arch-bench/config",
               AWS_SHARED_CREDENTIALS_FILE="/nonexistent/infra2arch-bench/credentials")
    os.environ.update({k: v for k, v in env.items() if k.startswith("AWS_")})
    for name in [k for k in os.environ if k.startswith("AWS_") and k not in env]:
        del os.environ[name]

    process, url = start_moto()
    try:
        started = time.perf_counter()
        created = populate(url, args.per_region)
        setup_s = time.perf_counter() - started
        with tempfile.TemporaryDirectory(prefix="infra2arch-bench-aws-") as work:
            started = time.perf_counter()   # interpreter start-up and imports, paid once per process
            subprocess.run([sys.executable, "-c", "import infra2arch.cli, infra2arch_aws.adapter"], env=env, check=True)
            startup_s = time.perf_counter() - started
            whole = scan(url, REGIONS, Path(work) / "all", env)
            alone = {region: scan(url, (region,), Path(work) / region, env) for region in REGIONS}
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()

    per_region_sum = sum(r["wall_s"] for r in alone.values())
    per_resource = whole["api_calls"] / max(1, whole["resources"])
    numbers = {
        "regions": list(REGIONS),
        "created": created,
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
    print(f"created in moto        {created['sagemaker']} SageMaker + {created['network']} network "
          f"resources over {len(REGIONS)} regions ({setup_s:.1f} s)")
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
