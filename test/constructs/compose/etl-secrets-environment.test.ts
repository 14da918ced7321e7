import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { DefaultTokenResolver, StringConcat, TerraformOutput, TerraformStack, Testing, Tokenization } from "cdktf";
import { addEtlSecretsStacks } from "../../../lib/constructs/etl-secrets-app";
import { EtlSecretsEnvironment } from "../../../lib/constructs/compose/etl-secrets-environment";
import { UnknownReferenceError } from "../../../lib/constructs/compose/references";
import { loadInventory } from "../../../lib/inventory/load";
import { hostileFixture } from "../hostile-text";
import { byPath, PROD, resourcesOf, synthJson, teamStack } from "./support";

const multiEnv = loadInventory(join(__dirname, "..", "..", "..", "examples", "multi-env", "connectors.yaml"));

/** A body with every logical name of `from` replaced by its name in `to`, metadata and tags set aside. */
function comparable(body: any, rename: ReadonlyMap<string, string>): any {
  const names = [...rename.keys()].sort((a, b) => b.length - a.length);
  const pattern = names.length > 0 ? new RegExp(names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g") : undefined;
  const walk = (value: any): any => {
    // Assets are staged under a folder named after the asset's construct path.
    if (typeof value === "string")
      return (pattern ? value.replace(pattern, (name) => rename.get(name)!) : value).replace(/^assets\/[^/]+\//, "assets/*/");
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === "object")
      return Object.fromEntries(
        Object.entries(value)
          .filter(([k]) => k !== "//" && k !== "tags")
          .map(([k, v]) => [k, walk(v)]),
      );
    return value;
  };
  return walk(body);
}

describe("EtlSecretsEnvironment", () => {
  it("renders exactly the resources of the library's environment stack, hostile text escaped the same way", () => {
    const { inventory } = hostileFixture("acme.yaml");
    const app = Testing.app();
    const library = addEtlSecretsStacks(app, inventory, { checks: false }).environments.get("prod")!;
    const libraryJson = synthJson(library, false);
    const stack = teamStack();
    // Checks on: ETL-TF-001 finds no live template in the construct's own JSON.
    const etl = new EtlSecretsEnvironment(stack, "etl", { inventory, environment: "prod" });
    const composedJson = synthJson(stack);
    expect(etl.checks!.findings.filter((f) => f.ruleId === "ETL-TF-001")).toEqual([]);

    const ours = byPath(libraryJson, "prod/");
    const theirs = byPath(composedJson, "team/etl/");
    expect([...theirs.keys()].sort()).toEqual([...ours.keys()].sort());
    const rename = new Map([...ours].map(([path, { name }]) => [name, theirs.get(path)!.name]));
    let escaped = 0;
    for (const [path, { type, body }] of ours) {
      expect(`${theirs.get(path)!.type} ${path}`).toBe(`${type} ${path}`);
      expect(comparable(theirs.get(path)!.body, new Map())).toEqual(comparable(body, rename));
      if (JSON.stringify(body).includes("$${file(")) escaped++;
    }
    expect(escaped).toBeGreaterThan(0);
    // The spec's `${file(...)}` only ever as Terraform's escape `$${file(...)}`.
    expect(JSON.stringify(composedJson)).toContain("$${file(");
    expect(JSON.stringify(composedJson)).not.toMatch(/(?<!\$)\$\{file\(/);
    expect(JSON.stringify(composedJson)).not.toMatch(/[\uE000\uE001]/);
  });

  it("keeps the team's backend, required_version and providers, and sets the environment's default tags on its own resources only", () => {
    const stack = teamStack();
    new SecretsmanagerSecret(stack, "team-secret", { name: "team/own", kmsKeyId: "alias/team", tags: { team: "orders" } });
    new EtlSecretsEnvironment(stack, "etl", { inventory: multiEnv, environment: "prod" });
    const json = synthJson(stack);
    expect(json.terraform.required_version).toBe("~> 1.12.0");
    expect(json.terraform.backend).toEqual({ s3: { bucket: "team-state", key: "team.tfstate", region: "eu-west-1" } });
    expect(json.provider.aws).toEqual([{ allowed_account_ids: [PROD.accountId], region: PROD.region }]);
    expect(json.provider.vault).toEqual([{ address: PROD.address, namespace: PROD.namespace }]);
    const own = resourcesOf(json).get("aws_secretsmanager_secret.team-secret");
    expect(own.tags).toEqual({ team: "orders" });
    const library = [...byPath(json, "team/etl/").values()].find((r) => r.type === "aws_secretsmanager_secret")!;
    expect(library.body.tags.environment).toBe("prod");
  });

  it("binds its resources to an aliased provider it is given, and leaves the team's resources on theirs", () => {
    const stack = teamStack(Testing.app(), { aws: true });
    const etlAws = new AwsProvider(stack, "aws-etl", { alias: "etl", region: PROD.region, allowedAccountIds: [PROD.accountId] });
    new SecretsmanagerSecret(stack, "team-secret", { name: "team/own", kmsKeyId: "alias/team" });
    new EtlSecretsEnvironment(stack, "etl", { inventory: multiEnv, environment: "prod", awsProvider: etlAws });
    const json = synthJson(stack);
    const library = [...byPath(json, "team/etl/").values()].filter((r) => r.type.startsWith("aws_"));
    expect(library.length).toBeGreaterThan(0);
    expect(library.every((r) => r.body.provider === "aws.etl")).toBe(true);
    expect(resourcesOf(json).get("aws_secretsmanager_secret.team-secret").provider).toBeUndefined();
  });

  describe("fails synth, naming the construct, when a provider cannot be the environment's", () => {
    it.each([
      ["no Vault provider in the stack", { vault: false }, /team\/etl: needs a Vault provider: pass vaultProvider/],
      [
        "a Vault provider in another namespace",
        { namespace: "etl/dev" },
        /team\/etl: the Vault provider works in namespace etl\/dev, but the Vault objects it renders live in namespace etl\/prod/,
      ],
      [
        "an AWS provider in another region",
        { region: "us-east-1" },
        /team\/etl: the AWS provider's region is us-east-1; .* configure the provider with region "eu-west-1"/,
      ],
    ])("%s", (_what, options, message) => {
      const stack = teamStack(Testing.app(), options);
      new EtlSecretsEnvironment(stack, "etl", { inventory: multiEnv, environment: "prod" });
      expect(() => Testing.synth(stack, true)).toThrow(message);
    });
  });

  it("refuses an environment the inventory does not have, naming the known ones", () => {
    expect(() => new EtlSecretsEnvironment(teamStack(), "etl", { inventory: multiEnv, environment: "production" })).toThrow(
      'team/etl: the inventory has no environment "production"; known: dev, prod, staging, test',
    );
  });

  describe("secure-default checks", () => {
    it("leave the team's own resources alone", () => {
      const stack = teamStack();
      // No customer-managed key (CKV_AWS_149): a library secret like this fails synth, the team's does not.
      new SecretsmanagerSecret(stack, "team-secret", { name: "team/no-cmk" });
      const etl = new EtlSecretsEnvironment(stack, "etl", { inventory: multiEnv, environment: "prod" });
      expect(() => Testing.synth(stack, true)).not.toThrow();
      expect(etl.checks!.findings.filter((f) => f.constructPath?.startsWith("team/team-secret"))).toEqual([]);
      expect(etl.checks!.findings.every((f) => f.constructPath === undefined || f.constructPath.startsWith("team/etl/"))).toBe(true);
    });

    it("fail synth on the library's own resource, with its construct path", () => {
      const stack = teamStack();
      const etl = new EtlSecretsEnvironment(stack, "etl", { inventory: multiEnv, environment: "prod" });
      etl.aws!.secrets.get("billing-mysql/main")!.resource.resetKmsKeyId();
      expect(() => Testing.synth(stack, true)).toThrow(/\[CKV_AWS_149\] team\/etl\/aws\/secret-billing-mysql_main\/secret/);
    });

    it("read a suppression written for the library's own stack as this construct", () => {
      const inventory = {
        ...multiEnv,
        suppressions: [{ rule: "CKV_AWS_149", target: "prod/aws/secret-billing-mysql_main", reason: "test" }],
      };
      const stack = teamStack();
      const etl = new EtlSecretsEnvironment(stack, "etl", { inventory, environment: "prod" });
      etl.aws!.secrets.get("billing-mysql/main")!.resource.resetKmsKeyId();
      expect(() => Testing.synth(stack, true)).not.toThrow();
      expect(etl.checks!.findings.find((f) => f.ruleId === "CKV_AWS_149")?.suppressedBecause).toBe("test");
    });
  });

  describe("typed references", () => {
    it("refer to the synthesized secret, KV path, auth role and IAM role of an id", () => {
      const stack = teamStack();
      const etl = new EtlSecretsEnvironment(stack, "etl", { inventory: multiEnv, environment: "prod" });
      const secret = etl.references.secret("billing-mysql", "main");
      new EcsTaskDefinition(stack, "task", {
        family: "billing",
        containerDefinitions: JSON.stringify([{ name: "app", image: "billing:1", secrets: [{ name: "DB", valueFrom: secret.secretArn }] }]),
      });
      const kv = etl.references.kvSecret("stripe-api", "main");
      const role = etl.references.vaultRole("orders-nightly");
      const iam = etl.references.consumerRole("billing-sync");
      new TerraformOutput(stack, "refs", {
        value: {
          secretName: secret.secretName,
          kv: kv.dataPath,
          mount: role.authMount,
          role: role.roleName,
          arn: iam.roleArn,
          name: iam.roleName,
        },
      });
      const json = synthJson(stack);
      const resources = resourcesOf(json);
      const secretAddress = [...resources].find(([, body]) => body.name === "acme-data/prod/billing-mysql/main")![0];
      const task = JSON.parse(resources.get("aws_ecs_task_definition.task").container_definitions);
      expect(task[0].secrets[0].valueFrom).toBe(`\${${secretAddress}.arn}`);
      const refs = json.output.refs.value;
      expect(refs.secretName).toBe(`\${${secretAddress}.name}`);
      expect(refs.kv).toMatch(/^\$\{vault_mount\.etl_vault_kv_mount_[0-9A-F]{8}\.path\}\/data\/connectors\/stripe-api\/main$/);
      expect(refs.mount).toMatch(/^\$\{vault_approle_auth_backend_role\.etl_vault_consumer-orders-nightly_approle_[0-9A-F]{8}\.backend\}$/);
      expect(refs.role).toMatch(
        /^\$\{vault_approle_auth_backend_role\.etl_vault_consumer-orders-nightly_approle_[0-9A-F]{8}\.role_name\}$/,
      );
      expect(refs.arn).toMatch(/^\$\{aws_iam_role\.etl_aws_consumer-billing-sync_role_[0-9A-F]{8}\.arn\}$/);
      expect(refs.name).toMatch(/^\$\{aws_iam_role\.etl_aws_consumer-billing-sync_role_[0-9A-F]{8}\.name\}$/);
      expect(kv.path).toBe("connectors/stripe-api/main");
      expect(role.method).toBe("approle");
    });

    it("throw for an unknown id, naming it and the known ones", () => {
      const etl = new EtlSecretsEnvironment(teamStack(), "etl", { inventory: multiEnv, environment: "prod" });
      expect(() => etl.references.secret("billing-mysql", "primary")).toThrow(UnknownReferenceError);
      expect(() => etl.references.secret("billing-mysql", "primary")).toThrow(
        'team/etl: environment "prod" has no Secrets Manager secret for credential "billing-mysql"/"primary"; known: billing-mysql/main, hubspot-api/main, orders-archive-postgres/main, orders-db-admin/main',
      );
      expect(() => etl.references.vaultRole("nobody")).toThrow(
        /has no Vault auth role for consumer "nobody"; known: orders-cdc, orders-nightly, /,
      );
      expect(() => etl.references.consumerRole("orders-nightly")).toThrow(
        /has no IAM consumer role for consumer "orders-nightly"; known: billing-sync, marketing-sync, orders-archiver$/,
      );
      // A KV reference for a credential kept in AWS: not in KV here.
      expect(() => etl.references.kvSecret("billing-mysql", "main")).toThrow(
        /has no Vault KV secret for credential "billing-mysql"\/"main"; known: legacy-ftp\/main, stripe-api\/main$/,
      );
    });

    it("never echo an unknown id that could be secret text", () => {
      const etl = new EtlSecretsEnvironment(teamStack(), "etl", { inventory: multiEnv, environment: "prod" });
      const pasted = "sk_live_51HxYzAbCdEfGhIjKlMnOpQr";
      let message = "";
      try {
        etl.references.secret(pasted, "main");
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain(`<redacted, ${pasted.length} chars>`);
      expect(message).not.toContain(pasted);
    });

    it("are offered by the library's own environment stack too", () => {
      const stacks = addEtlSecretsStacks(Testing.app(), multiEnv, { checks: false });
      const prod = stacks.environments.get("prod")!;
      const json = synthJson(prod, false);
      expect(
        Tokenization.resolve(prod.references.secret("billing-mysql", "main").secretArn, {
          scope: prod,
          resolver: new DefaultTokenResolver(new StringConcat()),
        }),
      ).toMatch(/^\$\{aws_secretsmanager_secret\.aws_secret-billing-mysql_main_secret_[0-9A-F]{8}\.arn\}$/);
      expect(json.output["secret_arn__billing-mysql__main"].value).toMatch(
        /^\$\{aws_secretsmanager_secret\.aws_secret-billing-mysql_main_secret_[0-9A-F]{8}\.arn\}$/,
      );
      expect(() => prod.references.consumerRole("ghost")).toThrow(
        /^prod: environment "prod" has no IAM consumer role for consumer "ghost"/,
      );
    });
  });

  describe("outputs", () => {
    it("are declared only when asked for, under the team's prefix", () => {
      const quiet = teamStack();
      new EtlSecretsEnvironment(quiet, "etl", { inventory: multiEnv, environment: "prod" });
      expect(synthJson(quiet).output).toBeUndefined();

      const stack = teamStack();
      new TerraformOutput(stack, "secret_arn__billing-mysql__main", { value: "the team's own" });
      new EtlSecretsEnvironment(stack, "etl", { inventory: multiEnv, environment: "prod", outputs: { prefix: "etl" } });
      const outputs = synthJson(stack).output;
      expect(outputs["secret_arn__billing-mysql__main"].value).toBe("the team's own");
      expect(outputs["etl__secret_arn__billing-mysql__main"].value).toMatch(/^\$\{aws_secretsmanager_secret\./);
      expect(outputs["etl__kv_path__stripe-api__main"].value).toMatch(/\/data\/connectors\/stripe-api\/main$/);
      expect(Object.keys(outputs).filter((name) => name.startsWith("etl__")).length).toBe(
        Object.keys(synthJson(addEtlSecretsStacks(Testing.app(), multiEnv, { checks: false }).environments.get("prod")!, false).output)
          .length,
      );
    });

    it("fail synth when an output name is taken in the stack, naming both", () => {
      const stack = teamStack();
      new TerraformOutput(stack, "mine", { value: "x" }).overrideLogicalId("etl__secret_arn__billing-mysql__main");
      new EtlSecretsEnvironment(stack, "etl", { inventory: multiEnv, environment: "prod", outputs: { prefix: "etl" } });
      expect(() => Testing.synth(stack, true)).toThrow(
        /team\/etl: output etl__secret_arn__billing-mysql__main of team\/etl\/outputs\/etl__secret_arn__billing-mysql__main is also declared by team\/mine/,
      );
    });

    it("refuse a prefix that could make two names one", () => {
      expect(
        () => new EtlSecretsEnvironment(teamStack(), "etl", { inventory: multiEnv, environment: "prod", outputs: { prefix: "etl__x" } }),
      ).toThrow(/output prefix/);
      expect(
        () => new EtlSecretsEnvironment(teamStack(), "etl", { inventory: multiEnv, environment: "prod", outputs: { prefix: "etl_" } }),
      ).toThrow(/output prefix/);
    });
  });

  it("refuses two environments in one stack, whose locals would overwrite each other", () => {
    const stack = new TerraformStack(Testing.app(), "team");
    new EtlSecretsEnvironment(stack, "prod", { inventory: multiEnv, environment: "prod", checks: false });
    new EtlSecretsEnvironment(stack, "staging", { inventory: multiEnv, environment: "staging", checks: false });
    expect(() => Testing.synth(stack, true)).toThrow(
      /local etl_vault_environment of team\/prod\/vault\/etl_vault_environment is also declared by team\/staging\/vault\/etl_vault_environment/,
    );
  });
});
