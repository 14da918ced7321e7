import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import { run } from "../../lib/cli/main";
import type { CliIo } from "../../lib/cli/io";
import { baseInventory } from "../support/inventory/base-inventory";
import { canary, PLACEMENTS } from "../support/inventory/canaries";
import { propertyRuns } from "../support/property-runs";

async function cli(...argv: string[]): Promise<string> {
  let printed = "";
  const io: CliIo = { out: (t) => (printed += `${t}\n`), err: (t) => (printed += `${t}\n`) };
  await run(argv, io);
  return printed;
}

describe("etl-secrets validate never prints inventory text that is not an id", () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "etl-secrets-leak-"))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("a password file: says it is not an inventory, prints none of its lines (text and JSON)", async () => {
    const secret = ["Qz7", "kP2", "Lx9", "Wm4"].join("");
    const file = join(dir, "shadow");
    writeFileSync(file, `root:$6$${secret}$abc:19000:0:99999:7:::\nsvc-${secret.toLowerCase()}:*:19000:0:99999:7:::\n`);

    for (const format of ["text", "json"]) {
      const printed = await cli("validate", file, "--format", format);
      expect(printed).toContain("not an inventory");
      expect(printed).not.toContain(secret);
      expect(printed).not.toContain(secret.toLowerCase());
    }
  });

  it("canaries in keys, values and references never reach stdout or stderr", async () => {
    await fc.assert(
      fc.asyncProperty(
        canary,
        fc.constantFrom(...Object.keys(PLACEMENTS)),
        fc.constantFrom("text", "json"),
        async (text, placement, format) => {
          const doc = baseInventory();
          PLACEMENTS[placement](doc, text);
          const file = join(dir, "connectors.yaml");
          writeFileSync(file, stringify(doc));
          const printed = await cli("validate", file, "--format", format);
          expect(printed).not.toContain(text);
          expect(printed).not.toContain(JSON.stringify(text).slice(1, -1));
        },
      ),
      { numRuns: propertyRuns(150), seed: 11 },
    );
  });
});
