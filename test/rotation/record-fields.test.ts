import fc from "fast-check";
import {
  CONN_URI_FIELD,
  RECORD_KINDS,
  RECORD_KIND_DEFINITIONS,
  RecordFieldsError,
  SECRETS_MANAGER_ALIASES,
  connUri,
  percentEncode,
  toolFieldNames,
  withToolFields,
  type RecordKind,
  type ToolConnection,
} from "../../lib/rotation/record-fields";
import { secretSpellings } from "../../lib/rotation/secret-encodings";
import { RECORD_SAMPLES } from "../support/rotation/record-samples";
import { propertyRuns } from "../support/property-runs";

const RUNS = propertyRuns(10_000);
/** Any text a store holds: JSON strings of Unicode scalar values (no lone surrogates). */
const anyText = fc.fullUnicodeString({ minLength: 1, maxLength: 64 });

/** The Secrets Manager backend's scan (amazon provider 9.39.0): first key of the record among each field's aliases. */
function secretsManagerScan(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(SECRETS_MANAGER_ALIASES).map(([field, aliases]) => [
      field,
      Object.entries(record).find(([key]) => aliases.includes(key))?.[1],
    ]),
  );
}

describe("record fields", () => {
  describe("percentEncode", () => {
    it(`leaves only URI-unreserved characters and decodes back to the text (${RUNS} runs)`, () => {
      fc.assert(
        fc.property(anyText, (text) => {
          const encoded = percentEncode(text, "password");
          return /^(?:[A-Za-z0-9._~-]|%[0-9A-F]{2})*$/.test(encoded) && decodeURIComponent(encoded) === text;
        }),
        { numRuns: RUNS },
      );
    });

    it("refuses a lone surrogate by naming the field, never the text", () => {
      expect(() => percentEncode("ab\uD800cd", "password")).toThrow(
        new RecordFieldsError("the password is not valid Unicode text (it holds a lone surrogate) and cannot be written into conn_uri"),
      );
    });

    it("is one of the spellings the rotation logger redacts", () => {
      fc.assert(
        fc.property(fc.fullUnicodeString({ minLength: 4, maxLength: 40 }), (secret) =>
          secretSpellings(secret).includes(percentEncode(secret, "password")),
        ),
        { numRuns: propertyRuns(500) },
      );
    });
  });

  describe("connUri", () => {
    it("writes every part encoded, the type's _ as -, and the extra as __extra__", () => {
      const connection: ToolConnection = {
        conn_type: "google_cloud_platform",
        login: "a:b@c",
        password: "p/?#%+ é",
        host: "db.internal",
        port: 5432,
        schema: "ware house",
        extra: { sslmode: "verify-full" },
      };
      expect(connUri(connection)).toBe(
        "google-cloud-platform://a%3Ab%40c:p%2F%3F%23%25%2B%20%C3%A9@db.internal:5432/ware%20house?__extra__=%7B%22sslmode%22%3A%22verify-full%22%7D",
      );
      expect(connUri({ conn_type: "generic", extra: { k: "v" } })).toBe("generic:///?__extra__=%7B%22k%22%3A%22v%22%7D");
      expect(connUri({ conn_type: "generic", password: "x" })).toBe("generic://:x@");
    });

    it(`has exactly one scheme separator and one @, whatever the values (${RUNS} runs)`, () => {
      fc.assert(
        fc.property(anyText, anyText, anyText, (login, password, schema) => {
          const uri = connUri({ conn_type: "postgres", login, password, host: "h", port: 5432, schema, extra: { sslmode: password } });
          return uri.split("://").length === 2 && uri.split("@").length === 2 && !/[\s?#]/.test(uri.slice(0, uri.indexOf("?")));
        }),
        { numRuns: RUNS },
      );
    });
  });

  describe("withToolFields", () => {
    it.each(RECORD_KINDS.map((kind) => [kind]))(
      "%s: the Vault record gets conn_uri of its connection; the contract's fields are kept",
      (kind) => {
        const record = RECORD_SAMPLES[kind as RecordKind];
        const stored = withToolFields(kind as RecordKind, "vault", record) as Record<string, unknown>;
        expect(stored).toEqual({ ...record, [CONN_URI_FIELD]: connUri(RECORD_KIND_DEFINITIONS[kind as RecordKind].connection(record)) });
      },
    );

    it.each(RECORD_KINDS.map((kind) => [kind]))(
      "%s: in Secrets Manager, the backend's field scan reads the record's connection",
      (kind) => {
        const record = RECORD_SAMPLES[kind as RecordKind];
        const stored = withToolFields(kind as RecordKind, "aws", record) as Record<string, unknown>;
        const connection = RECORD_KIND_DEFINITIONS[kind as RecordKind].connection(record);
        const scanned = secretsManagerScan(stored);
        for (const field of ["conn_type", "login", "password", "host", "port", "schema"] as const) {
          if (connection[field] !== undefined) expect([field, scanned[field]]).toEqual([field, connection[field]]);
        }
        expect(scanned.extra === undefined ? undefined : JSON.parse(String(scanned.extra))).toEqual(connection.extra);
        // Contract fields untouched; only the kind's tool fields were added.
        expect(Object.fromEntries(Object.keys(record).map((key) => [key, stored[key]]))).toEqual(record);
        for (const key of Object.keys(stored).filter((key) => !(key in record)))
          expect(toolFieldNames(kind as RecordKind, "aws")).toContain(key);
      },
    );

    it.each(RECORD_KINDS.map((kind) => [kind]))("%s: the table's field list is exactly what its sample record gives", (kind) => {
      const connection = RECORD_KIND_DEFINITIONS[kind as RecordKind].connection(RECORD_SAMPLES[kind as RecordKind]);
      expect(Object.keys(connection).sort()).toEqual([...RECORD_KIND_DEFINITIONS[kind as RecordKind].fields].sort());
    });

    it("replaces stale tool fields of an earlier version: a new value gets a new conn_uri and new aliases", () => {
      const first = withToolFields("key-broker", "vault", {
        kind: "api-key",
        endpoint: "https://b.example/",
        keyId: "k1",
        apiKey: "first-key",
      });
      const next = withToolFields("key-broker", "vault", { ...first, keyId: "k2", apiKey: "second-key" }) as Record<string, unknown>;
      expect(next[CONN_URI_FIELD]).toBe("generic://k2:second-key@");
      const aws = withToolFields("database", "aws", {
        ...withToolFields("database", "aws", RECORD_SAMPLES.database),
        password: "new-password",
        dbname: "other",
      }) as Record<string, unknown>;
      expect(aws).toMatchObject({ password: "new-password", database: "other" });
    });

    it("is idempotent", () => {
      for (const kind of RECORD_KINDS) {
        for (const store of ["vault", "aws"] as const) {
          const once = withToolFields(kind, store, RECORD_SAMPLES[kind]);
          expect(withToolFields(kind, store, once)).toEqual(once);
        }
      }
    });

    it("refuses a record whose own field Airflow would read as another value, naming the field only", () => {
      expect(() => withToolFields("generic", "aws", { engine: "s3cr3t-value" })).toThrow(
        new RecordFieldsError(
          `the record's field "engine" is read by Airflow's Secrets Manager backend as the connection's conn_type, but it does not hold it; rename the field`,
        ),
      );
    });
  });
});
