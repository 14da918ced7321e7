import fc from "fast-check";
import { accessLabel, logicalChanges } from "../../../lib/analysis/review";
import { consumerPrincipal, FOUR_ENVIRONMENTS, manifest, readRows, vaultResource } from "../../support/analysis/manifests";
import { propertyRuns } from "../../support/property-runs";

describe("logical changes", () => {
  it("makes one change of a consumer's read of one credential in four environments (data and metadata paths: eight rows)", () => {
    const rows = readRows("finance-recon", "stripe-api/main");
    expect(rows).toHaveLength(8);
    const changes = logicalChanges(rows, [], manifest(), manifest());
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      direction: "gained",
      principalClass: "consumer",
      who: "finance-recon",
      credential: "stripe-api/main",
      connector: "stripe-api",
      access: "read",
      violations: [],
    });
    expect(changes[0].environments).toEqual([
      { name: "prod", production: true },
      { name: "dev", production: false },
      { name: "staging", production: false },
      { name: "test", production: false },
    ]);
    expect(changes[0].principals).toHaveLength(4);
    expect(changes[0].resources).toHaveLength(8);
  });

  it("carries the connector's owner, class and regulations from the manifest, and none from an older manifest without them", () => {
    const rows = readRows("finance-recon", "stripe-api/main");
    const withRegister = manifest({
      credentials: [{ id: "stripe-api/main", owner: "growth-team", sensitivity: "critical", regulations: ["sox", "pci"] }],
    });
    expect(logicalChanges(rows, [], withRegister, withRegister)[0]).toMatchObject({
      owner: "growth-team",
      sensitivity: "critical",
      regulations: ["pci", "sox"],
    });
    const older = manifest({ credentials: [{ id: "stripe-api/main" }] });
    const change = logicalChanges(rows, [], older, older)[0];
    expect(change.owner).toBeUndefined();
    expect(change.sensitivity).toBeUndefined();
    expect(change.regulations).toBeUndefined();
  });

  it("explains gains with the head manifest and losses with the base manifest", () => {
    const base = manifest({ credentials: [{ id: "stripe-api/main", owner: "old-team", sensitivity: "low", regulations: [] }] });
    const head = manifest({ credentials: [{ id: "stripe-api/main", owner: "new-team", sensitivity: "high", regulations: ["pci"] }] });
    expect(logicalChanges(readRows("a", "stripe-api/main"), [], base, head)[0].owner).toBe("new-team");
    expect(logicalChanges([], readRows("a", "stripe-api/main"), base, head)[0].owner).toBe("old-team");
  });

  it("puts changes that touch production first, whatever their names", () => {
    const dev = [{ name: "dev", production: false }];
    const prod = [{ name: "prod", production: true }];
    const rows = [...readRows("aaa-first-by-name", "stripe-api/main", dev), ...readRows("zzz-last-by-name", "stripe-api/main", prod)];
    const intent = manifest({ consumers: ["aaa-first-by-name", "zzz-last-by-name"] });
    expect(
      logicalChanges(rows, readRows("aaa-first-by-name", "stripe-api/main", dev), intent, intent).map((c) => `${c.direction} ${c.who}`),
    ).toEqual(["gained zzz-last-by-name", "gained aaa-first-by-name", "lost aaa-first-by-name"]);
  });

  it("keeps environments with a different access apart: read in dev, read+write-back in prod", () => {
    const rows = [
      ...readRows("finance-recon", "stripe-api/main", [{ name: "dev", production: false }]),
      ...readRows("finance-recon", "stripe-api/main", [{ name: "prod", production: true }], ["patch", "read", "update"]),
    ];
    expect(logicalChanges(rows, [], manifest(), manifest()).map((c) => `${c.access} ${c.environments.map((e) => e.name).join()}`)).toEqual([
      "read+write-back prod",
      "read dev",
    ]);
  });

  it("names a principal or resource the intent does not know by its id, and says why the access goes beyond the intent", () => {
    const rogue = "arn:aws:iam::111122223333:role/rogue";
    const rows = [
      {
        environment: "prod",
        principal: rogue,
        resource: vaultResource("prod", "data", "stripe-api/main"),
        actions: ["read"],
        violation: "not in the intent",
      },
    ];
    const [change] = logicalChanges(rows, [], manifest(), manifest());
    expect(change).toMatchObject({
      principalClass: "unknown",
      who: rogue,
      credential: "stripe-api/main",
      access: "read",
      violations: ["prod: not in the intent"],
    });
    const unknownResource = [
      {
        environment: "prod",
        principal: consumerPrincipal("prod", "finance-recon"),
        resource: "vault:vault.example/etl/prod/sys/policy/x",
        actions: ["sudo", "read"],
      },
    ];
    expect(logicalChanges(unknownResource, [], manifest(), manifest())[0]).toMatchObject({
      who: "finance-recon",
      resource: "vault:vault.example/etl/prod/sys/policy/x",
      access: "read+sudo",
    });
  });

  it("says the access in words for each kind of principal", () => {
    expect(accessLabel("consumer", ["read", "read metadata"])).toBe("read");
    expect(accessLabel("consumer", ["read metadata"])).toBe("read metadata");
    expect(accessLabel("consumer", ["write", "read"])).toBe("read+write-back");
    expect(accessLabel("rotation-function", ["read", "write", "read metadata"])).toBe("rotate");
    expect(accessLabel("break-glass", ["read", "write", "rotate", "restore"])).toBe("read+write+rotate+restore");
  });

  it("gives the same changes whatever the order of the rows (property)", () => {
    const rows = [
      ...readRows("finance-recon", "stripe-api/main"),
      ...readRows("payouts", "stripe-api/main", FOUR_ENVIRONMENTS.slice(0, 2)),
    ];
    const intent = manifest({ consumers: ["finance-recon", "payouts"] });
    const expected = JSON.stringify(logicalChanges(rows, [], intent, intent));
    fc.assert(
      fc.property(
        fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }),
        (shuffled) => JSON.stringify(logicalChanges(shuffled, [], intent, intent)) === expected,
      ),
      { numRuns: propertyRuns(100) },
    );
  });
});
