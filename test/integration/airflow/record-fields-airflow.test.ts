/*
 * The record fields are a contract tested against the tool: every kind's record, as the writers
 * store it (record-fields.ts withToolFields), is read by the real Airflow 3.3.2 code (the Vault
 * backend's conn_uri rule; the Secrets Manager backend's field scan, amazon provider 9.39.0) and
 * must give the kind's connection. Then the round trip as a property: fields -> conn_uri -> parsed
 * by Airflow gives the same fields, for any text a store holds. Airflow prints digests only.
 */
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import {
  RECORD_KINDS,
  RECORD_KIND_DEFINITIONS,
  withToolFields,
  type RecordKind,
  type StoredRecord,
} from "../../../lib/rotation/record-fields";
import { expectedFacts, parseWithAirflow } from "../../support/airflow";
import { RECORD_SAMPLES } from "../../support/rotation/record-samples";

jest.setTimeout(300_000);

// Airflow masks every password it builds a Connection with, and its masker slows with each one: a few hundred per run.
const RUNS = process.env.CI === "true" ? 100 : 200;
const STORES = ["vault", "aws"] as const;

describe("record fields read by the real Airflow", () => {
  it("every kind, in both stores, resolves to its connection", () => {
    const items = RECORD_KINDS.flatMap((kind) =>
      STORES.map((store) => ({ id: `${kind}/${store}`, store, record: withToolFields(kind, store, RECORD_SAMPLES[kind]) as StoredRecord })),
    );
    const parsed = parseWithAirflow(items);
    for (const kind of RECORD_KINDS) {
      const connection = RECORD_KIND_DEFINITIONS[kind as RecordKind].connection(RECORD_SAMPLES[kind]);
      for (const store of STORES) {
        // A generic record's own fields named like Airflow's (host, user, password) are read too in Secrets Manager.
        const read =
          kind === "generic" && store === "aws"
            ? { ...connection, host: "files.partner.example", login: "drop", password: "gen:eric" }
            : connection;
        expect([`${kind}/${store}`, parsed[`${kind}/${store}`]]).toEqual([
          `${kind}/${store}`,
          expectedFacts(read, { lowerCaseHost: store === "vault" }),
        ]);
      }
    }
  });

  it("a Vault record without conn_uri is not a connection: Airflow passes every field to Connection and fails on the rotation contract's", () => {
    const parsed = parseWithAirflow([{ id: "db/plain", store: "vault", record: RECORD_SAMPLES.database }]);
    expect(parsed["db/plain"]).toEqual({ found: false, reason: "TypeError" });
  });

  it(`any login, password, database and extra value survives the round trip (${2 * RUNS} records per store)`, () => {
    const text = fc.fullUnicodeString({ minLength: 1, maxLength: 48 });
    const host = fc
      .stringOf(fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-."), { minLength: 1, maxLength: 30 })
      .filter((h) => /^[A-Za-z0-9]/.test(h));
    const samples = fc.sample(
      fc.record({
        username: text,
        password: text,
        host,
        port: fc.integer({ min: 1, max: 65535 }),
        dbname: text,
        sslmode: fc.constantFrom("verify-full", "verify-ca", "require"),
      }),
      { numRuns: RUNS, seed: 15 },
    );
    const oauth = fc.sample(fc.record({ clientId: text, clientSecret: text, refreshToken: text, accessToken: text }), {
      numRuns: RUNS,
      seed: 16,
    });
    const cases = [
      ...samples.map((s) => ({ kind: "database" as const, record: { engine: "postgres", ...s } as StoredRecord })),
      // Extras: any text, as __extra__ (never re-read as JSON: "123" stays a string).
      ...oauth.map((record) => ({ kind: "oauth-client" as const, record: record as StoredRecord })),
    ];
    const items = STORES.flatMap((store) =>
      cases.map(({ kind, record }, i) => ({ id: `r${i}/${store}`, store, record: withToolFields(kind, store, record) as StoredRecord })),
    );
    const parsed = parseWithAirflow(items);
    const mismatches = STORES.flatMap((store) =>
      cases
        .map(({ kind, record }, i) => ({
          id: `r${i}/${store}`,
          expected: expectedFacts(RECORD_KIND_DEFINITIONS[kind].connection(record), { lowerCaseHost: store === "vault" }),
        }))
        .filter(({ id, expected }) => !isDeepStrictEqual(parsed[id], expected))
        .map(({ id }) => id),
    );
    // Ids only: the values themselves never reach the test output.
    expect(mismatches).toEqual([]);
  });
});
