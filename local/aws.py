"""DynamoDB with no AWS account: moto's server in this process, on 127.0.0.1, with the feedback and clicks tables.

`make run` calls start() before serving, so feedback and `make report` work locally; tests use the
same server. Only this process is pointed at it (environment variables set here, dummy credentials),
so nothing local can reach a real account by accident.

    python -m local.aws          # run it alone, without the API (`make report` finds it too)
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import settings
from adapters import click_table, feedback_table

REGION = "ap-northeast-1"
DUMMY_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local", "AWS_SESSION_TOKEN": "local"}


class PortInUseError(OSError):
    """The port asked for (TAYORI_DYNAMODB_PORT) is taken; the message says how to choose another."""


def _check_free(port: int) -> None:
    """Raises PortInUseError when 127.0.0.1:port cannot be listened on (moto would fail in its thread)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as moto's server does: TIME_WAIT is free
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            raise PortInUseError(
                f"DynamoDB port {port} on 127.0.0.1 cannot be listened on ({error.strerror or error}): "
                "unset TAYORI_DYNAMODB_PORT to take any free port, or choose another"
            ) from error


@dataclass
class LocalDynamoDB:
    server: Any  # moto.server.ThreadedMotoServer
    endpoint: str
    table: str  # feedback
    clicks_table: str

    def client(self) -> Any:
        import boto3

        return boto3.client("dynamodb", endpoint_url=self.endpoint, region_name=REGION, **local_credentials())

    def stop(self) -> None:
        self.server.stop()


def local_credentials() -> dict[str, str]:
    return {
        "aws_access_key_id": DUMMY_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": DUMMY_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        "aws_session_token": DUMMY_CREDENTIALS["AWS_SESSION_TOKEN"],
    }


def endpoint_env(endpoint: str, table: str, clicks_table: str | None = None) -> dict[str, str]:
    """What the function needs to talk to the local tables (set in this process only)."""
    return {
        "AWS_ENDPOINT_URL_DYNAMODB": endpoint,
        "AWS_REGION": REGION,
        "AWS_DEFAULT_REGION": REGION,
        feedback_table.TABLE_ENV: table,
        click_table.TABLE_ENV: clicks_table or click_table.table_name(),
        **DUMMY_CREDENTIALS,
    }


def start(
    port: int = 0,
    table: str | None = None,
    configure_env: bool = True,
    state_file: Path | None = None,
    clicks_table: str | None = None,
) -> LocalDynamoDB:
    """Start moto on 127.0.0.1:port (0: any free port) with the feedback and clicks tables; point this
    process at it (configure_env) and tell other local commands where it is (state_file).

    Raises PortInUseError when port is given and taken."""
    from moto.server import ThreadedMotoServer

    if port:
        _check_free(port)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per DynamoDB call is noise here
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    host, bound = server.get_host_and_port()
    local = LocalDynamoDB(
        server, f"http://{host}:{bound}", table or feedback_table.table_name(), clicks_table or click_table.table_name()
    )
    client = local.client()
    # moto keeps one state per process: a table another local server here has made already exists.
    existing = set(client.list_tables()["TableNames"])
    for create, name in ((feedback_table.create_table, local.table), (click_table.create_table, local.clicks_table)):
        if name not in existing:
            create(client, name)
    if configure_env:
        os.environ.update(endpoint_env(local.endpoint, local.table, local.clicks_table))
    if state_file:
        state_file.parent.mkdir(parents=True, exist_ok=True)
        state_file.write_text(
            json.dumps(
                {"endpoint": local.endpoint, "table": local.table, "clicks_table": local.clicks_table, "region": REGION}
            )
        )
    return local


def state_file() -> Path:
    """Where `make run` tells other local commands (`make report`) how to reach its DynamoDB."""
    return settings.local_state_dir() / "local-dynamodb.json"


def running() -> dict[str, str] | None:
    """The endpoint, table and region of the DynamoDB that `make run` started, if it still answers."""
    try:
        state = json.loads(state_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    import urllib.request

    try:
        urllib.request.urlopen(state["endpoint"], timeout=1).close()
    except OSError:
        return None
    return state


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local.aws", description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("TAYORI_DYNAMODB_PORT") or 0))
    args = parser.parse_args(argv)
    try:
        local = start(args.port, state_file=state_file())
    except PortInUseError as error:
        print(error, file=sys.stderr)
        return 1
    tables = f"{local.table}, {local.clicks_table}"
    print(f"local DynamoDB on {local.endpoint}, tables {tables} (Ctrl-C to stop)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        local.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
