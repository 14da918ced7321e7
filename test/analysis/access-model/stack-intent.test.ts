/*
 * Issue 12, item 3: every synth path is reviewable. The intent travels in each stack's `"//"`
 * metadata, so `simulate` and `review` read what `npx cdktf synth` writes (App + addEtlSecretsStacks
 * + app.synth(), no synthesizeInventory) exactly as they read `etl-secrets synth` output.
 */
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { VaultProvider } from "@cdktf/provider-vault/lib/provider";
import { loadAccessModel, readSynthDir, SynthDirError, type AccessModel } from "../../../lib/analysis/access-model";
import { intentOfStacks, stackFragmentOf } from "../../../lib/analysis/access-model/stack-intent";
import { buildIntentManifest, intentManifestText } from "../../../lib/intent";
import { loadRemovalContext, reviewChanges, reviewMarkdown } from "../../../lib/analysis/review";
import { simulate } from "../../support/analysis/simulate-checked";
import { addEtlSecretsStacks } from "../../../lib/constructs/etl-secrets-app";
import { attachEnvironmentIntent } from "../../../lib/constructs/intent-metadata";
import { OUTPUT_MANIFEST, synthesizeInventory } from "../../../lib/constructs/synthesize";
import { planInventory } from "../../../lib/plan/inventory-plan";
import type { Inventory } from "../../../lib/inventory/model";
import { cli } from "../../support/cli";
import { devTrustException, prodTrustsDev } from "../../support/exception-inventory";
import { fixtureDocument, fixtureInventory } from "../../support/inventories";
import { editStack, inventoryOf, readStack, SynthDirs, writeStack } from "../../support/analysis/synth-dirs";

const NOW = "2026-06-01";
const dirs = new SynthDirs();
afterAll(() => dirs.cleanup());

/** What `npx cdktf synth` writes for examples/multi-env/main.ts: the app, no synthesizeInventory. */
function cdktfSynth(inventory: Inventory, extra?: (app: App) => void): string {
  const dir = dirs.temp("etl-secrets-cdktf-out-");
  const app = new App({ outdir: dir });
  addEtlSecretsStacks(app, inventory);
  extra?.(app);
  app.synth();
  return dir;
}

/** What simulate finds, without the directory it read. */
function findings(model: AccessModel) {
  const result = simulate(model, { now: NOW });
  return {
    violations: result.violations,
    allowed: result.allowedByException,
    unmet: result.unmetIntent,
    decisions: result.decisions,
    issues: result.issues,
  };
}

/** A team's own stack: its provider and an ECS task definition, no library construct. */
function teamStack(app: App): void {
  const stack = new TerraformStack(app, "team-app");
  new AwsProvider(stack, "aws", { region: "eu-west-1", allowedAccountIds: ["222222222222"] });
  new EcsTaskDefinition(stack, "task", {
    family: "billing-sync",
    containerDefinitions: JSON.stringify([{ name: "app", image: "billing:1" }]),
  });
}

const acme = fixtureInventory("acme.yaml");
let etl: string;
let cdktf: string;
beforeAll(() => {
  etl = dirs.fixture("acme.yaml");
  cdktf = cdktfSynth(acme);
});

describe("simulate and review on `npx cdktf synth` output", () => {
  it("read the intent from the stacks' metadata: the same intent as `etl-secrets synth` output and as the plan's", () => {
    const fromCdktf = readSynthDir(cdktf);

    expect(existsSync(join(cdktf, "intent.json"))).toBe(false);
    expect(fromCdktf.intentSource).toBe("stack-metadata");
    expect(fromCdktf.intent).toEqual(buildIntentManifest(planInventory(acme), acme.exceptions));
    expect(fromCdktf.intent).toEqual(readSynthDir(etl).intent);
    expect(fromCdktf.ignored).toEqual([]);
  });

  it("simulate finds the same on both outputs, and the CLI accepts cdktf.out as is", async () => {
    expect(findings(loadAccessModel(cdktf))).toEqual(findings(loadAccessModel(etl)));

    const fromCdktf = await cli("simulate", cdktf, "--now", NOW, "--format", "json");
    const fromEtl = await cli("simulate", etl, "--now", NOW, "--format", "json");
    expect(fromCdktf.code).toBe(0);
    expect(fromCdktf.out).toBe(fromEtl.out);
  });

  it("review finds the same on both outputs, retirements included (they travel in the metadata too)", async () => {
    const doc = fixtureDocument("acme.yaml");
    doc.connectors = doc.connectors.filter((c: { id: string }) => c.id !== "hubspot-api");
    doc.retirements = [{ connector: "hubspot-api", environment: "prod", on: "2026-11-30", destroy: true, approvedBy: "growth-team" }];
    const head = inventoryOf(doc);
    const etlHead = dirs.synth(head);
    const cdktfHead = cdktfSynth(head);

    const viaEtl = reviewChanges(loadAccessModel(etl), loadAccessModel(etlHead), loadRemovalContext(etlHead), { now: NOW });
    const viaCdktf = reviewChanges(loadAccessModel(cdktf), loadAccessModel(cdktfHead), loadRemovalContext(cdktfHead), { now: NOW });
    expect(reviewMarkdown(viaCdktf)).toBe(reviewMarkdown(viaEtl));
    expect(viaCdktf.destroyed.find((d) => d.stack === "prod" && d.type === "aws_secretsmanager_secret")).toMatchObject({
      blocking: false,
      retiredBy: "retirement of hubspot-api in prod on 2026-11-30, approved by growth-team",
    });
    const result = await cli("review", cdktf, cdktfHead, "--now", NOW);
    expect(result.out).toBe((await cli("review", etl, etlHead, "--now", NOW)).out);
  });

  it("carries an exception's reason through the inert-text boundary: escaped in the JSON, read back as written", () => {
    const reason = "replays ${var.day} and %{ if x } until the migration ends";
    const dir = cdktfSynth(inventoryOf(prodTrustsDev([devTrustException({ reason })])));

    const text = readFileSync(join(dir, "stacks", "prod", "cdk.tf.json"), "utf8");
    expect(text).toContain("replays $${var.day} and %%{ if x } until the migration ends");
    expect(text).not.toContain("replays ${var.day}");
    expect(readSynthDir(dir).intent.exceptions?.[0].reason).toBe(reason);
    expect(simulate(loadAccessModel(dir), { now: NOW }).allowedByException).toHaveLength(1);
  });
});

describe("a team's own stacks beside the library's", () => {
  it("leaves a stack without the metadata out of the analysis, and says so", async () => {
    const dir = cdktfSynth(acme, teamStack);
    const model = loadAccessModel(dir);

    expect(readStack(dir, "team-app").resource.aws_ecs_task_definition).toBeDefined();
    expect(model.ignoredStacks).toEqual(["team-app"]);
    expect(model.stacks.map((s) => s.name)).not.toContain("team-app");
    expect(findings(model)).toEqual(findings(loadAccessModel(cdktf)));
    const result = await cli("simulate", dir, "--now", NOW);
    expect(result.code).toBe(0);
    expect(result.err).toContain(
      `note: ${dir}: left out of the analysis: stacks/team-app (no etl-secrets metadata: not the library's stacks)`,
    );
  });

  it("does not rely on stack names: an environment is read from whichever stack holds it", () => {
    const dir = dirs.copy(cdktf);
    renameSync(join(dir, "stacks", "prod"), join(dir, "stacks", "team-payments"));
    editStack(dir, "team-payments", (json) => (json["//"].metadata.stackName = "team-payments"));
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    manifest.stacks["team-payments"] = manifest.stacks.prod;
    delete manifest.stacks.prod;
    writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));

    const intent = readSynthDir(dir).intent;
    expect(intent.environments.find((env) => env.name === "prod")?.stack).toBe("team-payments");
    expect(intent.stacks).toContain("team-payments");
    const model = loadAccessModel(dir);
    expect(findings(model).violations).toEqual([]);
    expect(findings(model).decisions).toEqual(findings(loadAccessModel(cdktf)).decisions);
  });

  it("carries the fragments of two environments composed into one stack, each with its stack", () => {
    const plan = planInventory(acme);
    const [staging, prod] = ["staging", "prod"].map((name) => plan.environments.find((env) => env.name === name)!);
    const app = new App({ outdir: dirs.temp() });
    const stack = new TerraformStack(app, "team-data");
    new VaultProvider(stack, "vault", { address: prod.vault!.address });
    new AwsProvider(stack, "aws", { region: "eu-west-1", allowedAccountIds: [prod.aws!.accountId] });
    new AwsProvider(stack, "aws-staging", { alias: "staging", region: "eu-west-1", allowedAccountIds: [staging.aws!.accountId] });
    attachEnvironmentIntent(stack, { plan: prod, exceptions: acme.exceptions, retirements: acme.retirements });
    attachEnvironmentIntent(stack, { plan: staging });

    const json = JSON.parse(JSON.stringify(stack.toTerraform()));
    expect(json["//"].metadata.stackName).toBe("team-data");
    const fragment = stackFragmentOf({ name: "team-data", file: "team-data/cdk.tf.json", json })!;
    const { intent } = intentOfStacks([{ name: "team-data", file: "team-data/cdk.tf.json", json, fragment }]);
    expect(intent.environments.map((env) => [env.name, env.stack])).toEqual([
      ["prod", "team-data"],
      ["staging", "team-data"],
    ]);
    expect(intent.environments.map((env) => env.vault?.clusterStack)).toEqual(["", ""]);
    expect(() => attachEnvironmentIntent(stack, { plan: prod })).toThrow(/team-data: environment "prod" is rendered twice into one stack/);

    // The team's provider may read its address from a variable; a literal other cluster is refused.
    const vaultProvider = () => (Array.isArray(json.provider.vault) ? json.provider.vault[0] : json.provider.vault);
    vaultProvider().address = "${var.vault_address}";
    expect(stackFragmentOf({ name: "team-data", file: "team-data/cdk.tf.json", json })).toEqual(fragment);
    vaultProvider().address = "https://vault.elsewhere.example";
    expect(() => stackFragmentOf({ name: "team-data", file: "team-data/cdk.tf.json", json })).toThrow(
      /environment "prod" is on Vault vault\.acme\.example, but the stack has no provider for that cluster/,
    );
  });
});

describe("metadata that does not match its stack is refused, naming the stack file", () => {
  it("refuses an edited format or a principal moved to another environment", () => {
    const format = dirs.copy(cdktf);
    editStack(format, "dev", (json) => (json["//"]["etl-secrets"].format = "etl-secrets-stack-intent/0"));
    expect(() => readSynthDir(format)).toThrow(
      /stacks\/dev\/cdk\.tf\.json: "\/\/"\."etl-secrets": expected "format": "etl-secrets-stack-intent\/1"; the metadata was edited/,
    );

    const moved = dirs.copy(cdktf);
    editStack(moved, "dev", (json) => (json["//"]["etl-secrets"].environments[0].principals[0].environment = "prod"));
    expect(() => readSynthDir(moved)).toThrow(
      /stacks\/dev\/cdk\.tf\.json: .*environments\[0\]\.principals\[0\] belongs to environment "prod", not "dev"/,
    );
  });

  it("refuses an environment's metadata in a stack without its cluster's provider, or claimed by two stacks", () => {
    const copied = dirs.copy(cdktf);
    const prod = readStack(copied, "prod")["//"]["etl-secrets"];
    editStack(copied, "dev", (json) => (json["//"]["etl-secrets"] = prod));
    expect(() => readSynthDir(copied)).toThrow(
      /stacks\/dev\/cdk\.tf\.json: .*environment "prod" is on Vault vault\.acme\.example, but the stack has no provider for that cluster/,
    );

    const twice = dirs.copy(cdktf);
    cpSync(join(twice, "stacks", "prod"), join(twice, "stacks", "prod-copy"), { recursive: true });
    editStack(twice, "prod-copy", (json) => (json["//"].metadata.stackName = "prod-copy"));
    expect(() => readSynthDir(twice)).toThrow(
      new SynthDirError(`${twice}: environment "prod" is claimed by the metadata of two stacks, prod and prod-copy; synthesize again`),
    );
  });

  it("refuses an intent.json left beside the stacks that disagrees with their metadata (the CLI: a usage error)", async () => {
    const dir = dirs.copy(cdktf);
    const other = buildIntentManifest(planInventory(fixtureInventory("realworld.yaml")));
    writeFileSync(join(dir, "intent.json"), JSON.stringify(other));
    expect(() => readSynthDir(dir)).toThrow(
      /intent\.json: disagrees with the intent the stacks carry in their "\/\/" metadata; .* remove it/,
    );
    const result = await cli("simulate", dir, "--now", NOW);
    expect(result.code).toBe(2);

    writeFileSync(join(dir, "intent.json"), intentManifestText(planInventory(acme)));
    expect(readSynthDir(dir).intent).toEqual(readSynthDir(cdktf).intent);
  });
});

describe("output of earlier versions (intent.json and retirements.json beside stacks without metadata)", () => {
  it("still reads, with its retirements", () => {
    const dir = dirs.copy(etl);
    for (const stack of readdirSync(join(dir, "stacks"))) {
      const json = readStack(dir, stack);
      delete json["//"]["etl-secrets"];
      writeStack(dir, stack, json);
    }
    writeFileSync(join(dir, "intent.json"), intentManifestText(planInventory(acme), acme.exceptions));
    const retirement = {
      connector: "hubspot-api",
      environment: "prod",
      on: "2026-11-30",
      destroy: true,
      approvedBy: "growth-team",
      reason: "moved to the CRM",
    };
    writeFileSync(join(dir, "retirements.json"), JSON.stringify({ format: "etl-secrets-retirements/1", retirements: [retirement] }));

    const synth = readSynthDir(dir);
    expect(synth.intentSource).toBe("intent-file");
    expect(synth.intent).toEqual(readSynthDir(etl).intent);
    expect(synth.retirements).toEqual([retirement]);
    expect(loadRemovalContext(dir).retirements).toEqual([retirement]);
    expect(findings(loadAccessModel(dir))).toEqual(findings(loadAccessModel(etl)));
  });
});

describe("etl-secrets synth", () => {
  it("writes nothing beside the stacks, removes an earlier synth's intent.json and retirements.json, and stays byte-deterministic", () => {
    const dir = dirs.temp();
    synthesizeInventory(acme, dir);
    expect(readdirSync(dir).sort()).toEqual([OUTPUT_MANIFEST, "manifest.json", "stacks"]);
    const first = readFileSync(join(dir, "stacks", "prod", "cdk.tf.json"), "utf8");

    // An earlier version's output in the same directory: its files list names both.
    const listed = JSON.parse(readFileSync(join(dir, OUTPUT_MANIFEST), "utf8"));
    listed.files.push("intent.json", "retirements.json");
    writeFileSync(join(dir, OUTPUT_MANIFEST), JSON.stringify(listed));
    writeFileSync(join(dir, "intent.json"), "{}");
    writeFileSync(join(dir, "retirements.json"), "{}");
    synthesizeInventory(acme, dir);

    expect(readdirSync(dir).sort()).toEqual([OUTPUT_MANIFEST, "manifest.json", "stacks"]);
    expect(readFileSync(join(dir, "stacks", "prod", "cdk.tf.json"), "utf8")).toBe(first);
    rmSync(dir, { recursive: true, force: true });
  });
});
