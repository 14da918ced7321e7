import { join } from "node:path";
import { ALL_RULES } from "../../../lib/checks/stack-checks";
import { noDrillIdentityInProduction } from "../../../lib/checks/stack-checks/no-drill-identity-in-production";
import { runChecks } from "../../../lib/checks/run-checks";
import { toSynthStack } from "../../../lib/checks/synth-stack";
import type { CliIo } from "../../../lib/cli/io";
import { run } from "../../../lib/cli/main";
import { entriesForDrill } from "../../../lib/plan/identity/drill";
import { identityCatalogue } from "../../../lib/plan/identity-catalogue";
import { planInventory } from "../../../lib/plan/inventory-plan";
import { vaultNames, vaultObjectNames } from "../../../lib/plan/names";
import { editStack, readStack, SynthDirs } from "../../support/analysis/synth-dirs";
import { loadInventory } from "../../../lib/inventory/load";
import { fixturePath } from "../../support/inventories";
import { stackJson, synthFiles } from "../../support/synth";
import { fixtureSynthFiles, synthFilesOfFile } from "../../support/fixture-synth";

const REPO = join(__dirname, "..", "..", "..");
const SHIPPED = [
  "examples/multi-env/connectors.yaml",
  "examples/compose-in-own-stack/connectors.yaml",
  "test/fixtures/inventories/acme.yaml",
  "test/fixtures/inventories/realworld.yaml",
  "test/fixtures/inventories/static-role-watch.yaml",
  "test/fixtures/inventories/drill.yaml",
];

function resources(json: any, type: string): any[] {
  return Object.values(json.resource?.[type] ?? {});
}

function drillObjects(json: any): string[] {
  return [
    ...resources(json, "vault_policy")
      .filter((p) => /-drill$/.test(p.name))
      .map((p) => `policy ${p.name}`),
    ...resources(json, "vault_identity_group")
      .filter((g) => /-drillers$/.test(g.name))
      .map((g) => `group ${g.name}`),
    ...resources(json, "aws_iam_role")
      .filter((r) => /\.drill$/.test(r.name))
      .map((r) => `role ${r.name}`),
  ];
}

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  const io: CliIo = { out: (t) => (out += t.endsWith("\n") ? t : `${t}\n`), err: () => undefined };
  return { code: await run(argv, io), out };
}

describe("the drill identity exists only in non-production (synth)", () => {
  it.each(SHIPPED)("%s: no drill policy, group or role in any production stack", (file) => {
    const inventory = loadInventory(join(REPO, file));
    const plan = planInventory(inventory);
    const files = synthFilesOfFile(file, inventory);
    for (const env of plan.environments.filter((e) => e.production)) {
      expect(drillObjects(stackJson(files, env.stackName))).toEqual([]);
    }
  });

  const inventory = loadInventory(fixturePath("drill.yaml"));
  const plan = planInventory(inventory);
  const files = synthFiles(inventory);
  const dev = plan.environments.find((e) => e.name === "dev")!;
  const prod = plan.environments.find((e) => e.name === "prod")!;

  it("drill.yaml dev: the dev-drill policy (rotate-role, static-creds, each AppRole consumer's role-id and secret-id) on the dev-drillers group", () => {
    const json = stackJson(files, dev.stackName);
    expect(drillObjects(json)).toEqual(["policy dev-drill", "group dev-drillers"]);
    const policy = resources(json, "vault_policy").find((p) => p.name === vaultNames.drillPolicy("dev"));
    const paths = [...policy.policy.matchAll(/path "([^"]+)" \{\n {2}capabilities = \[([^\]]*)\]/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(paths).toEqual([
      'auth/etl-dev/approle/role/events-load/role-id "read"',
      'auth/etl-dev/approle/role/events-load/secret-id "update"',
      'auth/etl-dev/approle/role/orders-nightly/role-id "read"',
      'auth/etl-dev/approle/role/orders-nightly/secret-id "update"',
      'etl-dev/database/rotate-role/orders-pg-main "update"',
      'etl-dev/database/static-creds/orders-pg-main "read"',
    ]);
    const group = resources(json, "vault_identity_group").find((g) => g.name === vaultObjectNames.drillersGroup("dev"));
    expect(group).toMatchObject({ type: "internal", external_member_entity_ids: true, external_member_group_ids: true });
    expect(group.policies).toEqual([expect.stringContaining("vault_policy.")]);
  });

  it("drill.yaml prod (same connector, production tier): no drill identity", () => {
    expect(drillObjects(stackJson(files, prod.stackName))).toEqual([]);
  });

  it("passes every secure-default check, the drill's auth paths included", () => {
    const stacks = plan.environments.map((env) =>
      toSynthStack(env.stackName, stackJson(files, env.stackName), { name: env.name, production: env.production }),
    );
    const findings = runChecks(stacks, ALL_RULES, inventory.suppressions).findings.filter((f) => !f.suppressedBecause);
    expect(findings.filter((f) => f.severity === "error").map((f) => `${f.ruleId} ${f.stack} ${f.message}`)).toEqual([]);
  });

  it("ETL-DRILL-001 reports the drill policy and group when the same stack is production, and a .drill IAM role", () => {
    const json = stackJson(files, dev.stackName);
    json.resource.aws_iam_role = { planted: { name: "acme-data-dev.drill" } };
    const asProduction = toSynthStack(dev.stackName, json, { name: "dev", production: true });
    expect(noDrillIdentityInProduction.check(asProduction).map((f) => f.message)).toEqual([
      "production stack holds the drill policy dev-drill",
      "production stack holds the drillers group dev-drillers",
      "production stack holds the drill role acme-data-dev.drill",
    ]);
    expect(noDrillIdentityInProduction.check(toSynthStack(dev.stackName, json, { name: "dev", production: false }))).toEqual([]);
  });

  it("ETL-VAULT-003 accepts the AppRole paths only in the non-production <env>-drill policy", () => {
    const json = stackJson(files, dev.stackName);
    const key = Object.keys(json.resource.vault_policy).find((k) => json.resource.vault_policy[k].name === "dev-drill")!;
    const within = ALL_RULES.find((r) => r.id === "ETL-VAULT-003")!;
    const check = (edit: (j: any) => void, production = false) => {
      const copy = JSON.parse(JSON.stringify(json));
      edit(copy);
      return within.check(toSynthStack(dev.stackName, copy, { name: "dev", production })).map((f) => f.message);
    };
    expect(check(() => undefined)).toEqual([]);
    // Renamed: the same paths in another policy are outside the environment.
    expect(check((j) => (j.resource.vault_policy[key].name = "dev-other")).length).toBe(4);
    // Widened to a pattern, or given a capability beyond the one it needs.
    expect(
      check(
        (j) =>
          (j.resource.vault_policy[key].policy = j.resource.vault_policy[key].policy.replace(
            "role/orders-nightly/secret-id",
            "role/+/secret-id",
          )),
      ),
    ).toHaveLength(1);
    expect(
      check(
        (j) =>
          (j.resource.vault_policy[key].policy = j.resource.vault_policy[key].policy.replace(
            'capabilities = ["read"]',
            'capabilities = ["read", "update"]',
          )),
      ),
    ).toHaveLength(1);
    // Production: the description says so, and the drill's auth paths are no longer accepted.
    expect(check((j) => (j.locals.etl_vault_environment.production = true)).length).toBe(4);
  });

  it("registers the dev-drill policy and dev-drillers group in the identity catalogue, and nothing for prod", () => {
    expect(entriesForDrill(plan).map((e) => `${e.what}: ${e.name}`)).toEqual([
      "Vault policy: dev-drill",
      "Vault identity group: dev-drillers",
    ]);
    const catalogue = identityCatalogue(inventory, plan);
    expect(
      catalogue.entries
        .filter((e) => /drill/.test(e.name))
        .map((e) => e.name)
        .sort(),
    ).toEqual(["dev-drill", "dev-drillers"]);
  });
});

describe("the drill role <org>-<env>.drill (acme.yaml)", () => {
  const acme = loadInventory(fixturePath("acme.yaml"));
  const acmePlan = planInventory(acme);
  const files = fixtureSynthFiles("acme.yaml");

  it.each(["dev", "staging"])(
    "%s: RotateSecret/GetSecretValue/DescribeSecret granted by exactly the drillable secrets' resource policies, kms:Decrypt through Secrets Manager only",
    (name) => {
      const env = acmePlan.environments.find((e) => e.name === name)!;
      const json = stackJson(files, env.stackName);
      const roles = json.resource.aws_iam_role as Record<string, any>;
      const roleKey = Object.keys(roles).find((k) => roles[k].name === `acme-data-${name}.drill`)!;
      expect(roles[roleKey]).toMatchObject({ path: `/acme-data/${name}/` });
      // Its own policy names no secret, so it keeps its size whatever their number.
      const policy = JSON.parse(resources(json, "aws_iam_role_policy").find((p) => p.name === `acme-data-${name}.drill`).policy);
      expect(policy.Statement).toEqual([
        {
          Sid: "DecryptViaSecretsManager",
          Effect: "Allow",
          Action: ["kms:Decrypt"],
          Resource: [expect.stringMatching(/^\$\{aws_kms_key\./)],
          Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } },
        },
      ]);
      // The secrets grant it, each naming the role: exactly the drillable ones.
      const drillable = env.credentials
        .filter(
          (c) => c.store === "aws" && c.rotation.mode === "secrets-manager" && c.credential.type === "rotated-password" && !c.quarantined,
        )
        .map((c) => c.aws!.secretName)
        .sort();
      expect(drillable.length).toBeGreaterThan(0);
      const secrets = json.resource.aws_secretsmanager_secret as Record<string, any>;
      const granted: string[] = [];
      for (const body of Object.values<any>(json.resource.aws_secretsmanager_secret_policy)) {
        const statements = JSON.parse(body.policy).Statement as any[];
        const drill = statements.filter((s) => s.Sid === "DrillRoleDrills");
        if (drill.length === 0) continue;
        expect(drill).toEqual([
          {
            Sid: "DrillRoleDrills",
            Effect: "Allow",
            Principal: { AWS: `\${aws_iam_role.${roleKey}.arn}` },
            Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:RotateSecret"],
            Resource: [body.secret_arn],
          },
        ]);
        granted.push(secrets[/^\$\{aws_secretsmanager_secret\.([^.]+)\.arn\}$/.exec(body.secret_arn)![1]].name);
      }
      expect(granted.sort()).toEqual(drillable);
    },
  );

  it("passes the secure-default checks with the drill role (no error, no finding on it)", () => {
    const stacks = acmePlan.environments.map((env) =>
      toSynthStack(env.stackName, stackJson(files, env.stackName), { name: env.name, production: env.production }),
    );
    const findings = runChecks(stacks, ALL_RULES, acme.suppressions).findings.filter((f) => !f.suppressedBecause);
    expect(findings.filter((f) => /drill/.test(`${f.constructPath} ${f.message}`))).toEqual([]);
    expect(findings.filter((f) => f.severity === "error").map((f) => `${f.ruleId} ${f.stack} ${f.message}`)).toEqual([]);
  });

  it("registers the drill roles in the identity catalogue", () => {
    expect(
      entriesForDrill(acmePlan)
        .filter((e) => e.what === "IAM role")
        .map((e) => e.name),
    ).toEqual(["acme-data-dev.drill", "acme-data-staging.drill"]);
  });
});

describe("simulate and the drill principal", () => {
  const dirs = new SynthDirs();
  let dir: string;
  beforeAll(() => {
    dir = dirs.synth(loadInventory(fixturePath("drill.yaml")));
  });
  afterAll(() => dirs.cleanup());

  it("declares the drill principal (class drill) in dev only, and reports 0 violations", async () => {
    const stack = readStack(dir, "dev");
    const fragments = JSON.stringify(stack["//"]);
    expect(fragments).toContain('"class":"drill"');
    expect(JSON.stringify(readStack(dir, "prod")["//"])).not.toContain('"class":"drill"');
    const result = await cli("simulate", dir, "--format", "json");
    expect(JSON.parse(result.out).violations).toEqual([]);
    expect(result.code).toBe(0);
  });

  it("acme: the drill roles' reach is intended (0 violations); the same role planted in the production stack is a violation", async () => {
    const acmeDir = dirs.fixture("acme.yaml");
    const clean = await cli("simulate", acmeDir, "--format", "json");
    expect(JSON.parse(clean.out).violations).toEqual([]);
    const copy = dirs.copy(acmeDir);
    const dev = readStack(acmeDir, "dev");
    const roleKey = Object.keys(dev.resource.aws_iam_role).find((k) => dev.resource.aws_iam_role[k].name === "acme-data-dev.drill")!;
    const policyKey = Object.keys(dev.resource.aws_iam_role_policy).find(
      (k) => dev.resource.aws_iam_role_policy[k].name === "acme-data-dev.drill",
    )!;
    editStack(copy, "prod", (json) => {
      json.resource.aws_iam_role[roleKey] = {
        ...dev.resource.aws_iam_role[roleKey],
        name: "acme-data-prod.drill",
        path: "/acme-data/prod/",
        // Tagged as prod's own, or the secrets' environment deny would stop it before any grant counts.
        tags: { ...dev.resource.aws_iam_role[roleKey].tags, environment: "prod" },
      };
      json.resource.aws_iam_role_policy[policyKey] = { ...dev.resource.aws_iam_role_policy[policyKey], name: "acme-data-prod.drill" };
      // And its grants: dev's drill statements on the same secrets of prod (the same construct ids
      // exist there, so the references resolve to prod's secrets and the planted role).
      let planted = 0;
      for (const [key, body] of Object.entries<any>(dev.resource.aws_secretsmanager_secret_policy)) {
        const drill = JSON.parse(body.policy).Statement.filter((s: any) => s.Sid === "DrillRoleDrills");
        const target = json.resource.aws_secretsmanager_secret_policy[key];
        if (drill.length === 0 || !target) continue;
        const policy = JSON.parse(target.policy);
        policy.Statement.splice(policy.Statement.length - 1, 0, ...drill);
        target.policy = JSON.stringify(policy);
        planted += 1;
      }
      expect(planted).toBeGreaterThan(0);
    });
    const planted = await cli("simulate", copy, "--format", "json");
    expect(planted.code).toBe(1);
    const violations = JSON.parse(planted.out).violations as any[];
    expect(violations.length).toBeGreaterThan(0);
    // Every violation is the planted drill role's: its reach of prod's secrets (granted by their resource
    // policies), and the dev account's trust it carried along.
    expect(violations.every((v) => /drill/.test(v.principal))).toBe(true);
    expect(violations).toContainEqual(
      expect.objectContaining({
        principal: "arn:aws:iam::222222222222:role/acme-data-prod.drill",
        action: expect.stringContaining("secretsmanager:RotateSecret"),
        reason: "the principal is not declared in the intent manifest",
        via: expect.stringContaining('statement "DrillRoleDrills"'),
      }),
    );
  });

  it("a drill policy planted in the production stack is a violation", async () => {
    const copy = dirs.copy(dir);
    const dev = readStack(dir, "dev");
    const policyKey = Object.keys(dev.resource.vault_policy).find((k) => dev.resource.vault_policy[k].name === "dev-drill")!;
    const groupKey = Object.keys(dev.resource.vault_identity_group).find(
      (k) => dev.resource.vault_identity_group[k].name === "dev-drillers",
    )!;
    editStack(copy, "prod", (json) => {
      const policy = {
        ...dev.resource.vault_policy[policyKey],
        name: "prod-drill",
        policy: dev.resource.vault_policy[policyKey].policy.replaceAll("etl-dev/", ""),
      };
      json.resource.vault_policy[policyKey] = policy;
      json.resource.vault_identity_group[groupKey] = {
        ...dev.resource.vault_identity_group[groupKey],
        name: "prod-drillers",
        policies: [`\${vault_policy.${policyKey}.name}`],
      };
    });
    const result = await cli("simulate", copy, "--format", "json");
    expect(result.code).toBe(1);
    const { violations } = JSON.parse(result.out);
    expect(violations.map((v: any) => `${v.principal} ${v.action} ${v.resource}`)).toContain(
      "vault:vault.acme.example/etl/prod/identity/group/prod-drillers read vault:vault.acme.example/etl/prod/database/static-creds/orders-pg-main",
    );
  });
});
