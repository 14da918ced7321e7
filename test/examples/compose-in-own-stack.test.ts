import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "cdktf";
import { loadInventory } from "cdktf-etl-secrets";
import { BillingStack } from "../../examples/compose-in-own-stack/main";
import { cli } from "../support/cli";

const EXAMPLE = join(__dirname, "..", "..", "examples", "compose-in-own-stack");

function addressOf(json: any, type: string, match: (body: any) => boolean): string {
  const found = Object.entries<any>(json.resource[type] ?? {}).find(([, body]) => match(body));
  if (!found) throw new Error(`no ${type} matches`);
  return `${type}.${found[0]}`;
}

describe("examples/compose-in-own-stack", () => {
  it("composes the library's prod environment beside the team's ECS task, wired by typed references", () => {
    const stack = new BillingStack(Testing.app(), "billing-prod", loadInventory(join(EXAMPLE, "connectors.yaml")));
    // Validations on: the library's checks run on its own resources and pass.
    const json = JSON.parse(Testing.synth(stack, true));
    expect(json.terraform.required_version).toBe(">= 1.11.0");
    expect(json.terraform.backend.s3.bucket).toBe("acme-billing-terraform");
    expect(json.provider.aws).toEqual([
      { allowed_account_ids: ["222222222222"], default_tags: [{ tags: { team: "billing" } }], region: "eu-west-1" },
    ]);
    expect(json.provider.vault).toEqual([{ address: "https://vault.acme.example:8200", namespace: "billing/prod" }]);

    const secret = addressOf(json, "aws_secretsmanager_secret", (b) => b.name === "acme-billing/prod/invoices-mysql/main");
    const role = addressOf(json, "aws_iam_role", (b) => b.name === "invoices-sync-prod");
    const task = json.resource.aws_ecs_task_definition["invoices-sync"];
    expect(JSON.parse(task.container_definitions)[0].secrets).toEqual([{ name: "BILLING_DB", valueFrom: `\${${secret}.arn}` }]);
    expect(task.execution_role_arn).toBe(`\${${role}.arn}`);
    expect(json.resource.aws_iam_role_policy_attachment["invoices-sync-execution"].role).toBe(`\${${role}.name}`);
    expect(json.output["etl__secret_arn__invoices-mysql__main"].value).toBe(`\${${secret}.arn}`);
    expect(json.output["etl__vault_auth_role__tax-rates-job"].value).toMatch(/^\$\{vault_kubernetes_auth_backend_role\./);
  });

  it("synthesizes as `cdktf synth` runs it: `npx tsx main.ts` from the example directory, the package resolved by name; simulate and review read that output as is", async () => {
    const out = mkdtempSync(join(tmpdir(), "etl-compose-example-"));
    try {
      execFileSync("npx", ["tsx", "main.ts"], {
        cwd: EXAMPLE,
        env: { ...process.env, CDKTF_OUTDIR: out },
        stdio: "pipe",
        timeout: 120_000,
      });
      const json = JSON.parse(readFileSync(join(out, "stacks", "billing-prod", "cdk.tf.json"), "utf8"));
      expect(Object.keys(json.resource.aws_ecs_task_definition)).toEqual(["invoices-sync"]);
      expect(Object.keys(json.output).every((name) => name.startsWith("etl__"))).toBe(true);
      // The composed environment's intent travels in the team's stack: simulate finds prod and its grants.
      const simulated = await cli("simulate", out, "--format", "json");
      // The team's ECS task is named, not judged: its type grants nothing simulate models.
      expect(simulated.err).toMatch(/left out: "aws_ecs_task_definition"/);
      expect(simulated.code).toBe(0);
      const result = JSON.parse(simulated.out);
      expect(result.violations).toEqual([]);
      expect(result.decisions.intended).toBeGreaterThan(0);
      expect(result.decisions.allowed).toBe(result.decisions.intended);
      const reviewed = await cli("review", out, out);
      expect(reviewed.code).toBe(0);
      expect(reviewed.out).toMatch(/0 access change/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
