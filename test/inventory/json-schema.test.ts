import Ajv2020 from "ajv/dist/2020";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { inventoryJsonSchema, inventoryJsonSchemaText } from "../../lib/inventory/json-schema";
import { fixturePath } from "../support/inventories";

const ajv = new Ajv2020({ strict: false, allErrors: true });
const validate = ajv.compile(inventoryJsonSchema());

describe("the shipped JSON Schema", () => {
  it("is the one generated from the zod schema (run `npm run schema` after a schema change)", () => {
    expect(readFileSync(join(__dirname, "..", "..", "schema", "inventory.schema.json"), "utf8")).toBe(inventoryJsonSchemaText());
  });

  it.each(["acme.yaml", "realworld.yaml"])("accepts %s, so editors do not flag a valid inventory", (name) => {
    const ok = validate(parse(readFileSync(fixturePath(name), "utf8")));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("accepts the example inventory with its $schema comment", () => {
    expect(validate(parse(readFileSync(join(__dirname, "..", "..", "examples", "multi-env", "connectors.yaml"), "utf8")))).toBe(true);
  });

  it("flags what editors can flag: an unknown key and an unknown enum value", () => {
    const doc = parse(readFileSync(fixturePath("invalid/plaintext-password.yaml"), "utf8"));
    expect(validate(doc)).toBe(false);
    const sensitivity = parse(readFileSync(fixturePath("invalid/unknown-sensitivity.yaml"), "utf8"));
    expect(validate(sensitivity)).toBe(false);
  });
});
