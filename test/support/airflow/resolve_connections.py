"""Resolves Airflow connections the way a job does, and prints only non-secret facts.

Run with the Airflow venv's python (tools/engines/obtain-airflow.sh) in a throwaway AIRFLOW_HOME
with SQLite; the secrets backend comes from the environment as in production
(AIRFLOW__SECRETS__BACKEND, AIRFLOW__SECRETS__BACKEND_KWARGS). No scheduler, no daemon.

Usage:
  resolve_connections.py resolve CONN_ID...
      Each id through Airflow's own lookup (Connection.get_connection_from_secrets: the configured
      backend, then environment variables, then the metastore). Per id: found or not, and when not,
      the exception class the configured backend itself raised (a denial and an absent secret
      differ), never its message.
  resolve_connections.py parse < records.json
      [{"id": ..., "store": "vault"|"aws", "record": {...}}]: each record read by Airflow's own
      code, without a server: the Vault backend's rule (conn_uri, else every field) and the Secrets
      Manager backend's field scan (SecretsManagerBackend._standardize_secret_keys), then
      Connection.from_json as the backend's caller does.

Every answer is one JSON line on stdout: strings that could be secret (login, password, host,
schema, extra values) only as sha256 hex digests; conn_type, port and the extra's key names as they
are. Nothing else is printed; Airflow's own logging goes to stderr at WARNING.
"""
import hashlib
import json
import logging
import sys


def digest(value):
    if value is None:
        return None
    return hashlib.sha256(str(value).encode("utf-8")).hexdigest()


def facts(conn):
    extra = conn.extra_dejson if conn.extra else {}
    return {
        "found": True,
        "conn_type": conn.conn_type,
        "port": conn.port,
        "login": digest(conn.login or None),
        "password": digest(conn.password or None),
        "host": digest(conn.host or None),
        "schema": digest(conn.schema or None),
        "extra": {key: digest(value if isinstance(value, str) else json.dumps(value)) for key, value in sorted(extra.items())},
    }


def resolve(conn_ids):
    from airflow.configuration import ensure_secrets_loaded
    from airflow.exceptions import AirflowNotFoundException
    from airflow.models.connection import Connection

    out = {}
    for conn_id in conn_ids:
        try:
            out[conn_id] = facts(Connection.get_connection_from_secrets(conn_id))
        except AirflowNotFoundException:
            # Why the configured backend had nothing: ask it directly, keep the class name only.
            backend = ensure_secrets_loaded()[0]
            try:
                value = backend.get_connection(conn_id=conn_id)
                reason = "absent" if value is None else "found-on-retry"
            except Exception as error:  # noqa: BLE001 - the class names are the answer
                # The provider turns a second 403 into VaultError("Vault Authentication Error!") from Forbidden.
                cause = error.__cause__
                reason = type(error).__name__ + (f" from {type(cause).__name__}" if cause is not None else "")
            out[conn_id] = {"found": False, "backend": type(backend).__name__, "reason": reason}
    return out


def parse(items):
    from airflow.models.connection import Connection
    from airflow.providers.amazon.aws.secrets.secrets_manager import SecretsManagerBackend

    scan = SecretsManagerBackend(connections_prefix="unused")
    out = {}
    for item in items:
        record = item["record"]
        try:
            if item["store"] == "vault":
                # VaultBackend.get_conn_value: conn_uri verbatim, else the whole record as JSON.
                uri = record.get("conn_uri")
                conn = Connection(conn_id=item["id"], uri=uri) if uri else Connection.from_json(json.dumps(record), conn_id=item["id"])
            else:
                conn = Connection.from_json(json.dumps(scan._standardize_secret_keys(record)), conn_id=item["id"])
            out[item["id"]] = facts(conn)
        except Exception as error:  # noqa: BLE001
            out[item["id"]] = {"found": False, "reason": type(error).__name__}
    return out


def main():
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    command, args = sys.argv[1], sys.argv[2:]
    if command == "resolve":
        answer = resolve(args)
    elif command == "parse":
        answer = parse(json.load(sys.stdin))
    else:
        raise SystemExit(f"unknown command {command}")
    sys.stdout.write(json.dumps(answer, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
