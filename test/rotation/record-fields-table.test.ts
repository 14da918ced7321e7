import { readFileSync } from "node:fs";
import { join } from "node:path";
import { renderRecordFieldsTable } from "../../lib/rotation/record-fields-table";
import { planInventory } from "../../lib/plan/inventory-plan";
import { nothingToSeed, recordKindOf } from "../../lib/seed";
import { CREDENTIAL_TYPES } from "../../lib/inventory/schema/credential";
import { NO_RECORD, RECORD_KIND_DEFINITIONS } from "../../lib/rotation/record-fields";
import { fixtureInventory } from "../support/inventories";

const README = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
const BEGIN = "<!-- record-fields:begin (generated from lib/rotation/record-fields.ts: npx tsx tools/record-fields-table.ts) -->";
const END = "<!-- record-fields:end -->";

describe("the README's Record fields table", () => {
  it("is exactly what lib/rotation/record-fields.ts states", () => {
    const start = README.indexOf(BEGIN);
    const end = README.indexOf(END);
    expect(start).toBeGreaterThan(0);
    expect(README.slice(start + BEGIN.length, end).trim()).toBe(renderRecordFieldsTable());
  });

  it("names every credential type, with a record or as no stored record", () => {
    const named = [...Object.values(RECORD_KIND_DEFINITIONS).map((d) => d.holders), ...NO_RECORD.map((n) => n.holders)].join(" ");
    for (const type of CREDENTIAL_TYPES) expect([type, named.includes(type)]).toEqual([type, true]);
  });

  it("every stored credential of the fixtures has a record kind, and nothing else has one", () => {
    for (const name of ["acme.yaml", "realworld.yaml"] as const) {
      for (const environment of planInventory(fixtureInventory(name)).environments) {
        for (const credential of environment.credentials) {
          expect([credential.id, recordKindOf(credential) === undefined]).toEqual([credential.id, nothingToSeed(credential) !== undefined]);
        }
      }
    }
  });
});
