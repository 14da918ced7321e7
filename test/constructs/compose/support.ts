import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { VaultProvider } from "@cdktf/provider-vault/lib/provider";
import { S3Backend, TerraformStack, Testing, type App } from "cdktf";
import type { Inventory } from "../../../lib/inventory/model";

/** Prod of acme.yaml and examples/multi-env: where its Vault and AWS providers must point. */
export const PROD = {
  address: "https://vault.acme.example:8200",
  namespace: "etl/prod",
  accountId: "222222222222",
  region: "eu-west-1",
} as const;

/** A team's stack: its own backend, required_version and providers (prod's account and namespace). */
export function teamStack(
  app: App = Testing.app(),
  options: { vault?: boolean; aws?: boolean; namespace?: string; region?: string } = {},
): TerraformStack {
  const stack = new TerraformStack(app, "team");
  new S3Backend(stack, { bucket: "team-state", key: "team.tfstate", region: "eu-west-1" });
  stack.addOverride("terraform.required_version", "~> 1.12.0");
  if (options.aws !== false) new AwsProvider(stack, "aws", { region: options.region ?? PROD.region, allowedAccountIds: [PROD.accountId] });
  if (options.vault !== false) new VaultProvider(stack, "vault", { address: PROD.address, namespace: options.namespace ?? PROD.namespace });
  return stack;
}

/** `<type>.<name>` -> body of every resource of a synthesized stack. */
export function resourcesOf(json: any): Map<string, any> {
  const out = new Map<string, any>();
  for (const [type, byName] of Object.entries<Record<string, any>>(json.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) out.set(`${type}.${name}`, body);
  }
  return out;
}

/** Resources by construct path below a prefix (`team/etl/`), with their logical names. */
export function byPath(json: any, prefix: string): Map<string, { type: string; name: string; body: any }> {
  const out = new Map<string, { type: string; name: string; body: any }>();
  for (const [address, body] of resourcesOf(json)) {
    const path: string = body["//"].metadata.path;
    if (!path.startsWith(prefix)) continue;
    const [type, name] = address.split(".");
    out.set(path.slice(prefix.length), { type, name, body });
  }
  return out;
}

/** Synthesizes with cdktf's Testing helper (aspects, validations when asked), then the stack's JSON with its `//` metadata. */
export function synthJson(stack: TerraformStack, runValidations = true): any {
  Testing.synth(stack, runValidations);
  return stack.toTerraform();
}

export type { Inventory };
