"""Forward a scoring request from the HTTP API to the SageMaker endpoint."""

import json
import logging
import os

import boto3

ENDPOINT_NAME = os.environ["ENDPOINT_NAME"]
LOG = logging.getLogger()
LOG.setLevel(os.environ.get("LOG_LEVEL", "INFO"))

_runtime = boto3.client("sagemaker-runtime")


def handler(event, context):
    try:
        body = json.loads(event.get("body") or "{}")
    except json.JSONDecodeError:
        return {"statusCode": 400, "body": json.dumps({"error": "body must be JSON"})}

    if "features" not in body:
        return {"statusCode": 400, "body": json.dumps({"error": "missing 'features'"})}

    response = _runtime.invoke_endpoint(
        EndpointName=ENDPOINT_NAME,
        ContentType="application/json",
        Body=json.dumps({"instances": [body["features"]]}),
    )
    prediction = json.loads(response["Body"].read())
    LOG.debug("prediction=%s", prediction)
    return {"statusCode": 200, "body": json.dumps({"prediction": prediction})}
