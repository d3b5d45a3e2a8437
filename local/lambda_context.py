"""The one stand-in for Lambda's context object, shared by the local server, the tests and the bench.

Standard library only: the bench's cold-start probe imports it before anything else loads.
"""

import uuid
from dataclasses import dataclass, field


@dataclass
class FakeLambdaContext:
    """The attributes Powertools (Logger, Metrics, Tracer) reads from Lambda's context object."""

    function_name: str = "tayori-search-local"
    function_version: str = "$LATEST"
    memory_limit_in_mb: int = 1024  # template.yaml's MemorySize
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:tayori-search-local"
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    log_group_name: str = "/aws/lambda/tayori-search-local"
    log_stream_name: str = "local"
    timeout_ms: int = 10_000  # template.yaml's Timeout

    def get_remaining_time_in_millis(self) -> int:
        return self.timeout_ms
