"""Catalog records for configuration objects around AWS edge services: CloudFront cache, origin
request and response headers policies (managed ones are read by data sources) and WAF logging.

They shape how a distribution or web ACL behaves but carry no traffic of their own: policies are
hidden helpers the distribution references, a logging configuration folds into its web ACL and
draws the ACL's log edge.
"""

from __future__ import annotations

from infra2arch.catalog.kind import Category as C
from infra2arch.catalog.kind import Kind
from infra2arch.catalog.kind import Shape as S
from infra2arch.model import Relation as R

KINDS: tuple[Kind, ...] = (
    Kind(
        "aws_cloudfront_cache_policy", C.NETWORK_CDN, "CloudFront cache policy",
        shape=S.HIDDEN, arn=("cloudfront", "cache-policy"), free=True,
    ),
    Kind(
        "aws_cloudfront_origin_request_policy", C.NETWORK_CDN, "CloudFront origin request policy",
        shape=S.HIDDEN, arn=("cloudfront", "origin-request-policy"), free=True,
    ),
    Kind(
        "aws_cloudfront_response_headers_policy", C.NETWORK_CDN, "CloudFront response headers policy",
        shape=S.HIDDEN, arn=("cloudfront", "response-headers-policy"), free=True,
    ),
    Kind(
        "aws_cloudfront_realtime_log_config", C.OPS_LOGGING, "CloudFront real-time log configuration",
        shape=S.HIDDEN,
        refs={"endpoint.kinesis_stream_config.stream_arn": R.LOGS, "endpoint.kinesis_stream_config.role_arn": R.IAM},
        arn=("cloudfront", "realtime-log-config"),
    ),
    Kind(
        # where a web ACL's request logs go (CloudWatch log group, S3 bucket, Firehose)
        "aws_wafv2_web_acl_logging_configuration", C.OPS_LOGGING, "WAF logging configuration",
        shape=S.FOLD, parent="resource_arn",
        refs={"log_destination_configs": R.LOGS},
        name_attr=None, free=True,
    ),
)
