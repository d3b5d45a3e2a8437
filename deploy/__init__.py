"""Deployment: assemble the Lambda function's code, index and dependencies (for `sam build` and `make package`)."""
