import type { RecordKind, StoredRecord } from "../../../lib/rotation/record-fields";

const PEM = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIPLACEHOLDERkeyMaterialNotReal0123456789ab\n-----END PRIVATE KEY-----\n";

/** One record of each kind, as its contract's writers store it, with values that need escaping. */
export const RECORD_SAMPLES: Readonly<Record<RecordKind, StoredRecord>> = {
  database: {
    engine: "postgres",
    host: "db.internal",
    port: 5432,
    username: "etl_loader",
    password: "p@ss:w/rd?#%+ é",
    dbname: "ware house",
    sslmode: "verify-ca",
  },
  "static-password": { password: "st@tic pass", username: "sftp user" },
  "api-key": { apiKey: "ak/with+plus=", keyId: "key:1" },
  "key-broker": { kind: "api-key", endpoint: "https://broker.example/v1/", keyId: "key-7", apiKey: "ak_9@x" },
  "key-pair": { privateKey: PEM, passphrase: "pass phrase" },
  // As seeded as the broker record and then rotated through the slots: apiKey follows privateKey.
  "key-pair-slots": {
    endpoint: "https://broker.example/v1/",
    privateKey: PEM,
    publicKeyFingerprint: "SHA256:abc=",
    slot: 2,
    algorithm: "ed25519",
    apiKey: PEM,
    keyId: "slot-2",
  },
  "ssh-key": { privateKey: PEM },
  "oauth-client": { clientId: "client@id", clientSecret: "cs&=?", refreshToken: "123", accessToken: "true" },
  sasl: { username: "kafka-user", password: "sasl:pw" },
  "aws-iam-access-key": { userName: "vendor", accessKeyId: "AKIAEXAMPLE", secretAccessKey: "wJalr/XUtnFEMI+K7MDENG" },
  "aws-access-key": { accessKeyId: "AKIAEXAMPLE2", secretAccessKey: "abc/def+ghi" },
  "cloud-access-key": { accessKeyId: "GOOG1EXAMPLE", secretAccessKey: "h/m+ac" },
  "gcp-service-account-key": { type: "service_account", project_id: "p", private_key: PEM, client_email: "sa@p.iam.gserviceaccount.com" },
  generic: { host: "files.partner.example", user: "drop", password: "gen:eric" },
};
