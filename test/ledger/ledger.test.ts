import type { StackFile } from "../../lib/analysis/access-model/synth-dir";
import type { IntentManifest } from "../../lib/intent/types";
import { compareLedger, formatLedger, ledgerOfSynth, LedgerError, parseLedger } from "../../lib/ledger";
import { checkLedger, LEDGER_INVENTORIES } from "../../tools/ledger";

/** A stack as cdktf writes it, with the given resources and extra top-level blocks. */
function stack(name: string, resource: Record<string, Record<string, unknown>>, extra: Record<string, unknown> = {}): StackFile {
  return {
    name,
    file: `stacks/${name}/cdk.tf.json`,
    json: {
      "//": { metadata: { stackName: name } },
      terraform: {},
      provider: {
        aws: [{ region: "eu-west-1", allowed_account_ids: ["222222222222"] }],
        vault: [{ address: "https://Vault.Acme.example:8200/", namespace: "etl/prod" }],
      },
      resource,
      ...extra,
    },
  };
}

const intent = {
  format: "etl-secrets-intent/1",
  organization: "acme",
  stacks: ["prod"],
  environments: [{ name: "prod", production: true, stack: "prod" }],
} as unknown as IntentManifest;

const baseResources = {
  aws_secretsmanager_secret: { orders_main: { name: "acme/prod/orders/main" } },
  aws_secretsmanager_secret_policy: { orders_policy: { secret_arn: "${aws_secretsmanager_secret.orders_main.arn}" } },
  vault_mount: { kv: { path: "kv", type: "kv" } },
  vault_kv_secret_backend_v2: { kv_config: { mount: "${vault_mount.kv.path}" } },
  aws_iam_role: { reader: { name: "orders-reader-prod" } },
};

function ledgerOf(...stacks: StackFile[]) {
  return ledgerOfSynth({ dir: "out", intent, stacks });
}

describe("the address ledger", () => {
  it("records each address with the server-side object it writes, references read as what they name", () => {
    const ledger = ledgerOf(stack("prod", baseResources));
    expect(ledger.stacks.get("prod")).toBe("production");
    expect(ledger.entries.map((e) => `${e.address} = ${e.identity}`)).toEqual([
      "aws_iam_role.reader = aws://222222222222 iam-role / orders-reader-prod",
      "aws_secretsmanager_secret.orders_main = aws://222222222222/eu-west-1 secret acme/prod/orders/main",
      "aws_secretsmanager_secret_policy.orders_policy = aws://222222222222/eu-west-1 secret-policy [secret acme/prod/orders/main]",
      "vault_kv_secret_backend_v2.kv_config = vault://vault.acme.example/etl/prod kv-config kv",
      "vault_mount.kv = vault://vault.acme.example/etl/prod mount kv",
    ]);
  });

  it("round-trips through its text form", () => {
    const ledger = ledgerOf(stack("prod", baseResources));
    const text = formatLedger(ledger);
    expect(formatLedger(parseLedger(text))).toBe(text);
    expect(() => parseLedger("hello\n")).toThrow(LedgerError);
  });

  it("refuses a resource type it has no identity rule for, so the ledger never silently drops one", () => {
    expect(() => ledgerOf(stack("prod", { vault_token: { t: { policies: [] } } }))).toThrow(/vault_token has no ledger identity rule/);
  });

  it("fails a removal that no moved or removed block accounts for, and a changed identity", () => {
    const committed = ledgerOf(stack("prod", baseResources));
    const { aws_secretsmanager_secret: _gone, aws_secretsmanager_secret_policy: _policy, ...rest } = baseResources;
    const renamed = { ...rest, vault_mount: { kv: { path: "kv2", type: "kv" } } };
    const after = stack("prod", renamed);
    const comparison = compareLedger(committed, ledgerOf(after), [after]);
    expect(comparison.unaccounted.map((c) => c.before.address).sort()).toEqual([
      "aws_secretsmanager_secret.orders_main",
      "aws_secretsmanager_secret_policy.orders_policy",
      "vault_kv_secret_backend_v2.kv_config",
      "vault_mount.kv",
    ]);
    expect(comparison.unaccounted.every((c) => c.tier === "production")).toBe(true);
  });

  it("accepts a removal accounted for by a removed block and a rename by a moved block to the same object", () => {
    const committed = ledgerOf(stack("prod", baseResources));
    const { aws_secretsmanager_secret: _gone, aws_secretsmanager_secret_policy: _policy, aws_iam_role: _role, ...rest } = baseResources;
    const after = stack(
      "prod",
      { ...rest, aws_iam_role: { reader_v2: { name: "orders-reader-prod" } } },
      {
        removed: [{ from: "aws_secretsmanager_secret.orders_main", lifecycle: { destroy: false } }, { from: "aws_secretsmanager_secret_policy.orders_policy", lifecycle: { destroy: false } }],
        moved: [{ from: "aws_iam_role.reader", to: "aws_iam_role.reader_v2" }],
      },
    );
    const comparison = compareLedger(committed, ledgerOf(after), [after]);
    expect(comparison.unaccounted).toEqual([]);
    expect(comparison.removed.map((c) => `${c.before.address}:${c.accountedBy}`).sort()).toEqual([
      "aws_iam_role.reader:moved",
      "aws_secretsmanager_secret.orders_main:removed",
      "aws_secretsmanager_secret_policy.orders_policy:removed",
    ]);
    expect(comparison.added.map((e) => e.address)).toEqual(["aws_iam_role.reader_v2"]);
  });

  it("does not accept a moved block whose target writes another object", () => {
    const committed = ledgerOf(stack("prod", baseResources));
    const { aws_iam_role: _role, ...rest } = baseResources;
    const after = stack("prod", { ...rest, aws_iam_role: { reader_v2: { name: "someone-else" } } }, { moved: [{ from: "aws_iam_role.reader", to: "aws_iam_role.reader_v2" }] });
    expect(compareLedger(committed, ledgerOf(after), [after]).unaccounted.map((c) => c.before.address)).toEqual(["aws_iam_role.reader"]);
  });
});

describe("the committed ledgers of the shipped inventories", () => {
  it.each(LEDGER_INVENTORIES.map((entry) => [entry.name, entry.inventory]))("%s: no address or object changed or vanished, and every new one is committed", (name, inventory) => {
    const check = checkLedger(name, inventory);
    expect(check.committed).toBeDefined();
    const comparison = check.comparison!;
    // A change needs a moved/removed block; an intended one is written with `npm run ledger -- --write --accept-changes` and named in the closing note.
    expect(comparison.unaccounted.map((c) => `${c.before.stack} ${c.before.address}`)).toEqual([]);
    // New addresses are fine, but the ledger must list them, or they would not be protected: `npm run ledger -- --write`.
    expect(comparison.added.map((e) => `${e.stack} ${e.address}`)).toEqual([]);
    expect(comparison.removed.filter((c) => c.accountedBy === undefined)).toEqual([]);
  });
});
