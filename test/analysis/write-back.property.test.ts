/*
 * Property: over random inventories with write-back consumers (oauth-client whose refresh token
 * rotates on use) in both stores, the write access that the SYNTHESIZED policies give (Vault
 * create/update/patch on KV data paths; Secrets Manager PutSecretValue) reaches exactly the
 * consumer's own write-back credentials in its own environment: never another credential of its
 * connector, another connector, another environment, a quarantined credential, or a credential that
 * does not rotate its refresh token. Vault policies are judged by lib/analysis/vault (namespaces
 * honoured), IAM policies by lib/analysis/iam (identity and resource policy together).
 */
import fc from "fast-check";
import { Testing } from "cdktf";
import { evaluateIam, parseIamPolicy, type IamPolicy } from "../../lib/analysis/iam";
import type { Capability } from "../../lib/vault-hcl/capabilities";
import { parseVaultPolicy, type ParsedPolicy } from "../../lib/vault-hcl/policy-document";
import { evaluateVaultInNamespace } from "../../lib/analysis/vault/policy-evaluator";
import { addEtlSecretsStacks } from "../../lib/constructs/etl-secrets-app";
import type { EnvironmentPlan } from "../../lib/plan/types";
import { vaultNames } from "../../lib/plan/names";
import { validateDocument } from "../../lib/inventory/validate";
import { propertyRuns } from "../support/property-runs";

const ORG = "acme";
const REGION = "eu-west-1";
const VAULT = "https://vault.acme.example:8200";
const ENVIRONMENTS = [
  { name: "dev", tier: "non-production", accountId: "111111111111" },
  { name: "stg", tier: "non-production", accountId: "111111111111" },
  { name: "prod", tier: "production", accountId: "222222222222" },
] as const;
const VAULT_CONSUMERS: Record<string, object> = {
  v1: { method: "approle", cidrs: ["10.0.0.0/8"] },
  v2: { method: "kubernetes", serviceAccount: "v2", namespace: "etl" },
};
const AWS_CONSUMERS: Record<string, object> = {
  a1: { method: "aws-iam", roleName: "a1" },
  a2: {
    method: "jwt",
    issuer: "https://token.actions.githubusercontent.com",
    subject: "repo:acme/a2:ref:refs/heads/main",
    audience: "sts.amazonaws.com",
  },
};
const WRITE_CAPABILITIES: Capability[] = ["create", "update", "patch"];

const credentialArb = fc.oneof(
  fc.record({ type: fc.constant("oauth-client"), grant: fc.constant("refresh-token"), refreshTokenRotates: fc.boolean() }),
  fc.record({ type: fc.constant("oauth-client"), grant: fc.constant("refresh-token"), refreshTokenRotates: fc.constant(true) }),
  fc.record({ type: fc.constant("api-key"), rotation: fc.constant({ reminder: true }) }),
  fc.record({ type: fc.constant("generic"), fields: fc.constant(["a", "b"]) }),
);

const inventoryArb = fc
  .record({
    environments: fc.subarray([...ENVIRONMENTS], { minLength: 1 }),
    connectors: fc.uniqueArray(
      fc.record({
        id: fc.constantFrom("c-a", "c-b", "c-c", "c-d"),
        store: fc.constantFrom("vault", "aws"),
        credentials: fc.array(credentialArb, { minLength: 1, maxLength: 2 }),
        vaultConsumers: fc.subarray(Object.keys(VAULT_CONSUMERS)),
        awsConsumers: fc.subarray(Object.keys(AWS_CONSUMERS)),
        in: fc.subarray(
          ENVIRONMENTS.map((e) => e.name),
          { minLength: 1 },
        ),
        quarantined: fc.boolean(),
      }),
      { minLength: 1, maxLength: 4, selector: (c) => c.id },
    ),
  })
  .map(({ environments, connectors }) => {
    const names = environments.map((e) => e.name as string);
    return {
      version: 1,
      organization: ORG,
      owners: [{ id: "team", name: "Team", email: "team@acme.example" }],
      environments: environments.map((e) => ({
        name: e.name,
        tier: e.tier,
        stores: ["vault", "aws"],
        vault: {
          address: VAULT,
          edition: "enterprise",
          isolation: "namespace",
          namespace: `etl/${e.name}`,
          awsIdentity: { roleArn: "arn:aws:iam::333333333333:role/vault" },
        },
        aws: { accountId: e.accountId, region: REGION },
      })),
      connectors: connectors
        .map((c) => ({ ...c, in: c.in.filter((name) => names.includes(name)) }))
        .filter((c) => c.in.length > 0)
        .map((c) => ({
          id: c.id,
          purpose: `Connector ${c.id}`,
          owner: "team",
          system: "crm",
          sensitivity: "high",
          store: c.store,
          credentials: Object.fromEntries(c.credentials.map((credential, i) => [`k${i}`, credential])),
          consumers:
            c.store === "vault"
              ? c.vaultConsumers.map((id) => ({ id, auth: VAULT_CONSUMERS[id] }))
              : c.awsConsumers.map((id) => ({ id, auth: AWS_CONSUMERS[id] })),
          environments: Object.fromEntries(c.in.map((name) => [name, {}])),
          lifecycle: { createdOn: "2025-01-01", reviewBy: "2027-01-01", state: c.quarantined ? "quarantined" : "active" },
        })),
    };
  });

interface Synthesized {
  readonly plan: EnvironmentPlan;
  readonly json: any;
}

/** Fake ARNs for the references of one stack, so its IAM policies can be evaluated. */
function resolver(env: Synthesized): (text: string) => string {
  const resources = env.json.resource ?? {};
  const accountId = env.plan.aws!.accountId;
  const arnOf = (type: string, name: string): string => {
    const body = resources[type]?.[name] ?? {};
    switch (type) {
      case "aws_secretsmanager_secret":
        return `arn:aws:secretsmanager:${REGION}:${accountId}:secret:${body.name}-AbCdEf`;
      case "aws_iam_role":
        return `arn:aws:iam::${accountId}:role${body.path ?? "/"}${body.name}`;
      case "aws_kms_key":
        return `arn:aws:kms:${REGION}:${accountId}:key/${env.plan.name}-${name}`;
      default:
        return `arn:aws:${type}:${REGION}:${accountId}:${name}`;
    }
  };
  return (text) =>
    text
      .replace(/\$\{(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.(arn|id|key_id)\}/g, (_m, type, name) => arnOf(type, name))
      .replace(/\$\$\{/g, "${");
}

/** Whether the inventory declares `consumer` a write-back consumer of credential `id` in `environment`. */
function declaredWriteBack(env: EnvironmentPlan, consumer: string, credentialId: string): boolean {
  const account = env.serviceAccounts.find((a) => a.id === consumer);
  const grant = account?.grants.find((g) => g.credentialId === credentialId);
  return !!grant && grant.writeBack && !grant.quarantined;
}

describe("write-back access over random inventories (synthesized policies, both stores)", () => {
  it("reaches only the consumer's own rotating refresh tokens, in its own environment", () => {
    let vaultWrites = 0;
    let awsWrites = 0;
    fc.assert(
      fc.property(inventoryArb, (doc) => {
        const result = validateDocument(doc);
        fc.pre(result.ok && result.inventory !== undefined);
        const stacks = addEtlSecretsStacks(Testing.app(), result.inventory!, { checks: false });
        const envs: Synthesized[] = [...stacks.environments.values()].map((stack) => ({
          plan: stack.plan,
          json: JSON.parse(Testing.synth(stack)),
        }));

        // Vault: every consumer policy against every KV data path of every environment.
        const dataPaths = envs.flatMap((env) =>
          env.plan.credentials.filter((c) => c.vault?.storedInKv).map((c) => ({ env: env.plan, credential: c, path: c.vault!.dataPath })),
        );
        for (const env of envs) {
          const policies: [string, ParsedPolicy][] = Object.values<any>(env.json.resource?.vault_policy ?? {})
            .filter((p) => String(p.name).startsWith(`${env.plan.name}-consumer-`))
            .map((p) => [String(p.name).slice(`${env.plan.name}-consumer-`.length), parseVaultPolicy(p.name, p.policy)]);
          for (const [consumer, policy] of policies) {
            for (const target of dataPaths) {
              for (const capability of WRITE_CAPABILITIES) {
                const decision = evaluateVaultInNamespace(
                  [policy],
                  { tokenNamespace: env.plan.vault!.namespace!, requestNamespace: target.env.vault!.namespace!, path: target.path },
                  capability,
                );
                const expected =
                  target.env.name === env.plan.name &&
                  capability !== "create" &&
                  declaredWriteBack(env.plan, consumer, target.credential.id);
                if (decision.allowed) vaultWrites++;
                expect({
                  consumer,
                  env: env.plan.name,
                  target: `${target.env.name}:${target.path}`,
                  capability,
                  allowed: decision.allowed,
                }).toEqual({
                  consumer,
                  env: env.plan.name,
                  target: `${target.env.name}:${target.path}`,
                  capability,
                  allowed: expected,
                });
              }
            }
          }
          expect(
            policies.map(([consumer]) => vaultNames.consumerPolicy(env.plan.name, consumer)).every((n) => n.startsWith(env.plan.name)),
          ).toBe(true);
        }

        // AWS: every consumer role against every secret of every environment (PutSecretValue).
        const secrets = envs.flatMap((env) => {
          const resolve = resolver(env);
          const resources = env.json.resource ?? {};
          return Object.entries<any>(resources.aws_secretsmanager_secret ?? {}).map(([name, body]) => {
            const policy = Object.values<any>(resources.aws_secretsmanager_secret_policy ?? {}).find(
              (p) => p.secret_arn === `\${aws_secretsmanager_secret.${name}.arn}`,
            );
            return {
              env: env.plan.name,
              credentialId: `${body.tags.connector}/${body.tags.credential}`,
              arn: resolve(`\${aws_secretsmanager_secret.${name}.arn}`),
              tags: { ...(body.tags as Record<string, string>) },
              policy: policy ? parseIamPolicy(`${env.plan.name}/${name}`, resolve(policy.policy)) : undefined,
            };
          });
        });
        for (const env of envs) {
          const resolve = resolver(env);
          const resources = env.json.resource ?? {};
          for (const [name, role] of Object.entries<any>(resources.aws_iam_role ?? {})) {
            const consumer = role.tags?.consumer;
            if (!consumer) continue;
            const identity: IamPolicy[] = Object.values<any>(resources.aws_iam_role_policy ?? {})
              .filter((p) => p.role === `\${aws_iam_role.${name}.id}`)
              .map((p, i) => parseIamPolicy(`${name}-${i}`, resolve(p.policy)));
            const principal = { arn: resolve(`\${aws_iam_role.${name}.arn}`), tags: { ...(role.tags ?? {}), environment: env.plan.name } };
            for (const secret of secrets) {
              const decision = evaluateIam({
                request: { principal, action: "secretsmanager:PutSecretValue", resource: { arn: secret.arn, tags: secret.tags } },
                identityPolicies: identity,
                resourcePolicy: secret.policy,
              }).decision;
              const allowed = decision === "allow";
              if (allowed) awsWrites++;
              const expected = secret.env === env.plan.name && declaredWriteBack(env.plan, consumer, secret.credentialId);
              expect({ consumer, env: env.plan.name, secret: secret.arn, allowed }).toEqual({
                consumer,
                env: env.plan.name,
                secret: secret.arn,
                allowed: expected,
              });
            }
          }
        }
      }),
      // Light 30: at this seed 20 cases write back in only one store; 30 reach both (the check below).
      { numRuns: propertyRuns(40, { light: 30, variable: "WRITE_BACK_PROPERTY_RUNS" }), seed: 20260801 },
    );
    // The generator must really exercise write-back in both stores.
    expect(vaultWrites).toBeGreaterThan(0);
    expect(awsWrites).toBeGreaterThan(0);
  }, 180_000);
});
