"""Logger (JSON, with the request's correlation id), Metrics (CloudWatch EMF) and Tracer, one of each.

Every module logs, counts and traces through these, so service name and namespace are set in one place.
"""

from aws_lambda_powertools import Logger, Metrics, Tracer

from settings import settings

logger = Logger(service=settings.service)
metrics = Metrics(namespace=settings.metrics_namespace, service=settings.service)
tracer = Tracer(service=settings.service)
