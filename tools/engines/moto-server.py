"""moto's Secrets Manager on loopback, whose Lambda backend runs rotation bundles with Node.

moto's RotateSecret invokes the four steps through its Lambda backend. Without Docker we select the
simple backend and replace its canned `invoke` with one that unpacks the function's zip and runs
`index.handler` in a `node` subprocess, with the function's environment plus credentials for moto.
The Lambda runtime provides the AWS SDK, so NODE_PATH points at the project's node_modules.
Each invocation's output is appended to --lambda-log (tests scan it for secrets).

A read that names no version gets the version labelled AWSCURRENT, as in AWS (moto returns its
default version, which UpdateSecretVersionStage does not move: a plain read after a rotation, as
Airflow's SecretsManagerBackend makes, got the old value).

Secrets Manager's LastAccessedDate (`etl-secrets audit`: dormancy, quarantined-accessed): moto never
records it. Two patches, loopback only: GetSecretValue records the day of the read (AWS truncates
the date to the day), and a control route sets a secret's date for a test's clock:
POST /etl-secrets-test/last-accessed {"secretId": name or ARN, "date": "YYYY-MM-DD", "region": ...,
"accountId": ... (default 123456789012)} -> 204. ListSecrets and DescribeSecret then report it.
"""
import argparse
import calendar
import hashlib
import io
import json
import os
import subprocess
import tempfile
import threading
import time
import zipfile

from moto.core.models import default_user_config

default_user_config["lambda"] = {"use_docker": False}

from moto.awslambda_simple.models import LambdaSimpleBackend  # noqa: E402
from moto.iam.models import iam_backends  # noqa: E402
from moto.moto_server.threaded_moto_server import ThreadedMotoServer  # noqa: E402
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app  # noqa: E402
from moto.secretsmanager.models import FakeSecret, SecretsManagerBackend, secretsmanager_backends  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

ACCOUNT = "123456789012"
ROLE_NAME = "etl-secrets-rotation-test"
RUNNER = (
    "const entry = require(process.argv[1]);"
    "entry.handler(JSON.parse(process.argv[2])).then("
    " () => process.exit(0),"
    " (error) => { console.error(JSON.stringify({ level: 'error', message: 'handler threw', error: String(error && error.message) })); process.exit(1); });"
)


# Secret ARN -> LastAccessedDate (seconds since the epoch, midnight UTC of the day).
LAST_ACCESSED: dict[str, int] = {}
CONTROL_PATH = "/etl-secrets-test/last-accessed"


def day_start(seconds: float) -> int:
    return int(seconds) - int(seconds) % 86400


def record_last_accessed() -> None:
    original_to_dict = FakeSecret.to_dict
    original_get = SecretsManagerBackend.get_secret_value

    def to_dict(self):  # noqa: ANN001, ANN202
        out = original_to_dict(self)
        if self.arn in LAST_ACCESSED:
            out["LastAccessedDate"] = LAST_ACCESSED[self.arn]
        return out

    def get_secret_value(self, secret_id, version_id, version_stage):  # noqa: ANN001, ANN202
        # AWS answers a read that names no version with the version labelled AWSCURRENT; moto
        # answers with its "default version", which UpdateSecretVersionStage does not move, so
        # after a rotation a plain read (Airflow's backend makes one) would get the old value.
        if not version_id and not version_stage:
            version_stage = "AWSCURRENT"
        result = original_get(self, secret_id, version_id, version_stage)
        LAST_ACCESSED[self.secrets[secret_id].arn] = day_start(time.time())
        return result

    FakeSecret.to_dict = to_dict
    SecretsManagerBackend.get_secret_value = get_secret_value


def with_control_route(app):  # noqa: ANN001, ANN201
    """The moto app, plus the last-accessed control route for loopback callers only."""

    def wrapped(environ, start_response):  # noqa: ANN001, ANN202
        if environ.get("PATH_INFO") != CONTROL_PATH:
            return app(environ, start_response)
        if environ.get("REMOTE_ADDR") not in ("127.0.0.1", "::1") or environ.get("REQUEST_METHOD") != "POST":
            start_response("403 Forbidden", [("Content-Type", "text/plain")])
            return [b"loopback POST only"]
        try:
            body = json.loads(environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)))
            backend = secretsmanager_backends[body.get("accountId", ACCOUNT)][body["region"]]
            secret = backend.secrets[body["secretId"]]
            LAST_ACCESSED[secret.arn] = calendar.timegm(time.strptime(body["date"], "%Y-%m-%d"))
        except Exception as error:  # noqa: BLE001
            start_response("400 Bad Request", [("Content-Type", "text/plain")])
            return [type(error).__name__.encode()]
        start_response("204 No Content", [])
        return [b""]

    return wrapped


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--lambda-log", required=True)
    parser.add_argument("--node-path", required=True)
    # Where Lambda bundles are unpacked: start-moto.sh gives a folder of its state directory, which
    # stop-moto.sh removes (the server is killed, so it cannot clean up after itself).
    parser.add_argument("--code-dir", default=None)
    arguments = parser.parse_args()

    unpacked: dict[str, str] = {}
    lock = threading.Lock()
    endpoint = f"http://127.0.0.1:{arguments.port}"

    def invoke(self, function_name, qualifier, body, headers, response_headers):  # noqa: ANN001
        function = self.get_function(function_name, qualifier)
        directory = unpack(function.code_bytes)
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "NODE_PATH": arguments.node_path,
            "AWS_REGION": self.region_name,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "SECRETS_MANAGER_ENDPOINT": endpoint,
            **(function.environment_vars or {}),
        }
        event = body if isinstance(body, str) else body.decode()
        step = json.loads(event).get("Step")
        completed = subprocess.run(
            ["node", "-e", RUNNER, os.path.join(directory, "index.js"), event],
            env=environment, capture_output=True, text=True, timeout=120,
        )
        with lock, open(arguments.lambda_log, "a", encoding="utf-8") as log:
            log.write(json.dumps({"function": function.function_name, "step": step, "exitCode": completed.returncode}) + "\n")
            log.write(completed.stdout)
            log.write(completed.stderr)
        if completed.returncode != 0:
            response_headers["x-amz-function-error"] = "Unhandled"
        return json.dumps({"exitCode": completed.returncode}).encode()

    def unpack(code: bytes) -> str:
        digest = hashlib.sha256(code).hexdigest()
        with lock:
            if digest not in unpacked:
                directory = tempfile.mkdtemp(prefix="etl-secrets-moto-lambda-", dir=arguments.code_dir)
                zipfile.ZipFile(io.BytesIO(code)).extractall(directory)
                unpacked[digest] = directory
            return unpacked[digest]

    LambdaSimpleBackend.invoke = invoke
    iam_backends[ACCOUNT]["aws"].create_role(
        role_name=ROLE_NAME,
        assume_role_policy_document=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
        }),
        path="/", permissions_boundary=None, description="rotation tests", tags=[], max_session_duration=None,
    )
    record_last_accessed()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=arguments.port, verbose=False)

    def server_entry() -> None:
        app = with_control_route(DomainDispatcherApplication(create_backend_app))
        server._server = make_server("127.0.0.1", arguments.port, app, True)
        server._server_ready_event.set()
        server._server.serve_forever()

    server._server_entry = server_entry
    server.start()
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
