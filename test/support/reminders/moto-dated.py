"""moto on loopback whose Secrets Manager keeps real version dates, for the reminder checker's test.

moto 5 answers ListSecretVersionIds with CreatedDate = now for every version; AWS answers the date the
version was created. This launcher returns the version's stored `createdate` instead, and lets the
test move moto's Secrets Manager clock back (seconds in the file named by MOTO_CLOCK_OFFSET_FILE) so a
version can be created "97 days ago" and a later tag or description edit happen now.
Usage: python3 moto-dated.py <port>
"""
import json
import os
import sys
import time as real_time

import moto.secretsmanager.models as models

OFFSET_FILE = os.environ["MOTO_CLOCK_OFFSET_FILE"]


class ShiftedClock:
    def time(self) -> float:
        try:
            with open(OFFSET_FILE, encoding="utf-8") as handle:
                offset = float(handle.read().strip() or "0")
        except FileNotFoundError:
            offset = 0.0
        return real_time.time() - offset

    def __getattr__(self, name):  # noqa: ANN001, ANN204
        return getattr(real_time, name)


models.time = ShiftedClock()
original = models.SecretsManagerBackend.list_secret_version_ids


def list_secret_version_ids(self, secret_id):  # noqa: ANN001, ANN201
    answer = json.loads(original(self, secret_id))
    secret = self.secrets[secret_id]
    for version in answer["Versions"]:
        version["CreatedDate"] = secret.versions[version["VersionId"]]["createdate"]
    return json.dumps(answer)


models.SecretsManagerBackend.list_secret_version_ids = list_secret_version_ids

from moto.server import main  # noqa: E402

main(["-H", "127.0.0.1", "-p", sys.argv[1]])
