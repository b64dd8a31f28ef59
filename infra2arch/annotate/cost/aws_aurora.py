"""Pricer for RDS clusters. Aurora: its instances (folded into the cluster) bill by class, or by
Aurora Capacity Units for Serverless v2 (db.serverless), and the cluster volume by GB stored.
A Multi-AZ DB cluster (db_cluster_instance_class) bills three instances of its class."""

from __future__ import annotations

from infra2arch.annotate.cost.builder import _Builder, _first, _number, _prices
from infra2arch.model import Unknown


@_prices("aws_rds_cluster")
def _aurora_cluster(b: _Builder) -> None:
    attrs = b.resource.attrs
    if attrs.get("engine_mode") == "serverless":
        b.unpriced_component("capacity (Serverless v1)", "Aurora Serverless v1 capacity is not in the price book")
    instances = [c for c in b.ctx.children.get(b.resource.address, ()) if c.type == "aws_rds_cluster_instance"]
    multi_az_class = attrs.get("db_cluster_instance_class")
    if multi_az_class is not None:   # a Multi-AZ DB cluster (RDS MySQL/PostgreSQL): one writer, two readers
        b.hourly(f"instance hours (Multi-AZ DB cluster, 3 × {multi_az_class if isinstance(multi_az_class, str) else '?'})",
                 "aws.rds", multi_az_class, 3, what="db_cluster_instance_class", note="MySQL rate")
    elif not instances and attrs.get("engine_mode") != "serverless":
        b.unpriced_component("instances", "no aws_rds_cluster_instance of this cluster in the scanned input: "
                                          "its instances bill by class, unknown here")
    scaling = _first(attrs.get("serverlessv2_scaling_configuration"))
    for instance in sorted(instances, key=lambda r: r.address):
        klass = instance.attrs.get("instance_class")
        if klass == "db.serverless":
            minimum = _number(scaling.get("min_capacity"))
            if minimum is None or isinstance(minimum, Unknown):
                b.unknown = True
                reason = minimum.reason if isinstance(minimum, Unknown) else \
                    "serverlessv2_scaling_configuration.min_capacity not set"
                b._add(f"Serverless v2 capacity ({instance.address})", "ACU-hour", None,
                       b.lookup("aws.aurora", "serverless-v2-acu-hour"), reason)
                continue
            b.fixed(f"Serverless v2 capacity ({minimum:g} ACU minimum, {instance.address})", "aws.aurora",
                    "serverless-v2-acu-hour", minimum * b.hours,
                    note="the floor: capacity scales up to max_capacity with load and bills per ACU-hour")
        else:
            b.hourly(f"instance hours ({klass if isinstance(klass, str) else 'unknown class'}, {instance.address})",
                     "aws.aurora", klass, what="instance_class")
    b.usage_based("cluster storage", "aws.aurora", "storage", "storage_gb")
