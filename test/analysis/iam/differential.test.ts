// Differential check: our IAM evaluator against @cloud-copilot/iam-simulate (devDependency only,
// AGPL: it is never imported from lib/) on requests generated from the statement shapes this
// library emits. The two must agree on every generated request.
//
// Narrow exclusion, by construction of the grammar (not by filtering results):
// - `secretsmanager:ResourceTag/<key>` is never used in generated policies, and the copy of it that
//   our evaluator derives from the secret's tags is not handed to iam-simulate. iam-simulate's data
//   lists that key literally as "secretsmanager:ResourceTag/tag-key" (no ${TagKey} template), so it
//   rejects the key with "Condition key ... not found". AWS documents the key as tag-parameterized;
//   unit rows cover it instead (policy-evaluator.test.ts).
import { runSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import fc from "fast-check";
import { parseIamPolicy } from "../../../lib/analysis/iam/policy-document";
import { evaluateIam, type IamDecision, type IamDecisionKind } from "../../../lib/analysis/iam/policy-evaluator";
import { buildRequestContext, type IamRequest } from "../../../lib/analysis/iam/request-context";
import { propertyRuns } from "../../support/property-runs";

// CI runs a fixed seed; set IAM_DIFFERENTIAL_RUNS / IAM_DIFFERENTIAL_SEED to explore further.
// Light 500: at the fixed seed, 500 cases still reach every allow path the test lists.
const RUNS = propertyRuns(3000, { light: 500, variable: "IAM_DIFFERENTIAL_RUNS" });
const SEED = Number(process.env.IAM_DIFFERENTIAL_SEED ?? 20240611);
const REGION = "us-east-1";
const ACCOUNTS = ["111111111111", "222222222222"] as const;
const ENVIRONMENTS = ["dev", "prod"] as const;
const CONNECTORS = ["pg", "s3"] as const;
const SUFFIXES = ["AbC123", "x9Y8z7", "Q1w2E", "Zz0Zz0Z"] as const; // six, six, five, seven characters
const KEY_IDS = ["1234abcd-12ab-34cd-56ef-1234567890ab", "0987dcba-09fe-87dc-65ba-ab0987654321"] as const;
const SECRETS_MANAGER_ACTIONS = [
  "secretsmanager:GetSecretValue",
  "secretsmanager:DescribeSecret",
  "secretsmanager:PutSecretValue",
] as const;
const VIA_SECRETS_MANAGER = `secretsmanager.${REGION}.amazonaws.com`;
const SECRETS_MANAGER_SERVICE = "secretsmanager.amazonaws.com";

type Json = Record<string, unknown>;

// Weighted towards one account and environment so that grants meet requests often enough.
const account = fc.oneof({ arbitrary: fc.constant(ACCOUNTS[0]), weight: 4 }, { arbitrary: fc.constant(ACCOUNTS[1]), weight: 1 });
const environment = fc.oneof(
  { arbitrary: fc.constant(ENVIRONMENTS[0]), weight: 3 },
  { arbitrary: fc.constant(ENVIRONMENTS[1]), weight: 1 },
);
const maybeEnvironment = fc.option(environment, { nil: undefined });

const roleArn = (acct: string, env: string, consumer: string): string => `arn:aws:iam::${acct}:role/etl-${env}-${consumer}`;
const secretArn = (acct: string, env: string, connector: string, suffix: string): string =>
  `arn:aws:secretsmanager:${REGION}:${acct}:secret:org/${env}/${connector}/cred-${suffix}`;
const keyArn = (acct: string, id: string): string => `arn:aws:kms:${REGION}:${acct}:key/${id}`;

const role = fc.tuple(account, environment, fc.constantFrom("loader", "rotator")).map(([a, e, c]) => roleArn(a, e, c));
const suffix = fc.oneof({ arbitrary: fc.constant(SUFFIXES[0]), weight: 4 }, fc.constantFrom(...SUFFIXES.slice(1)));
const secret = fc.tuple(account, environment, fc.constantFrom(...CONNECTORS), suffix).map(([a, e, c, s]) => secretArn(a, e, c, s));

/** Resource entries an identity policy grants on secrets. */
const secretResourcePattern = fc.oneof(
  secret,
  fc
    .tuple(account, environment, fc.constantFrom(...CONNECTORS))
    .map(([a, e, c]) => `arn:aws:secretsmanager:${REGION}:${a}:secret:org/${e}/${c}/cred-??????`),
  account.map((a) => `arn:aws:secretsmanager:${REGION}:${a}:secret:org/\${aws:PrincipalTag/environment}/*`),
  account.map((a) => `arn:aws:secretsmanager:*:${a}:secret:org/*`),
  fc.constant("*"),
);

const secretActions = fc.oneof(
  fc.subarray([...SECRETS_MANAGER_ACTIONS], { minLength: 1 }),
  fc.constantFrom(["secretsmanager:Get*"], ["secretsmanager:*"], ["secretsmanager:Describe*", "secretsmanager:GetSecretValue"]),
);

/** Conditions on keys this library's policies use, for either layer. */
const condition: fc.Arbitrary<Json> = fc.oneof(
  fc.constant({ StringEquals: { "aws:ResourceTag/environment": "${aws:PrincipalTag/environment}" } }),
  environment.map((e) => ({ StringEquals: { "aws:PrincipalTag/environment": e } })),
  environment.map((e) => ({ StringEqualsIfExists: { "aws:ResourceTag/environment": e } })),
  fc.constantFrom("dev*", "p?od", "*").map((v) => ({ StringLike: { "aws:PrincipalTag/environment": v } })),
  fc.constant({ "ForAnyValue:StringEquals": { "aws:PrincipalTag/environment": ["dev", "prod"] } }),
  fc.constant({ "ForAllValues:StringLike": { "aws:ResourceTag/environment": ["d*"] } }),
  fc.boolean().map((b) => ({ Null: { "aws:ResourceTag/environment": String(b) } })),
  role.map((r) => ({ ArnLike: { "aws:PrincipalArn": [r, "arn:aws:iam::*:role/etl-dev-*"] } })),
  role.map((r) => ({ ArnEquals: { "aws:PrincipalArn": r } })),
  account.map((a) => ({ StringEquals: { "aws:PrincipalAccount": a } })),
  fc.constantFrom("true", "false").map((v) => ({ Bool: { "aws:MultiFactorAuthPresent": v } })),
  fc.constant({ BoolIfExists: { "aws:MultiFactorAuthPresent": "true" } }),
  fc.constantFrom(300, 3600).map((n) => ({ NumericLessThanEquals: { "aws:MultiFactorAuthAge": String(n) } })),
  fc.constant({ NumericLessThanIfExists: { "aws:MultiFactorAuthAge": "900" } }),
  fc.constant({ Bool: { "aws:SecureTransport": "true" } }),
  fc.constant({ StringLike: { "aws:userid": "AROA*:etl-*" } }),
  account.map((a) => ({ StringEquals: { "aws:SourceAccount": a } })),
  account.map((a) => ({ ArnLike: { "aws:SourceArn": `arn:aws:lambda:${REGION}:${a}:function:etl-rotate-*` } })),
);

/** Deny conditions the resource side uses to fence environments and principals. */
const denyCondition: fc.Arbitrary<Json> = fc.oneof(
  environment.map((e) => ({ StringNotEquals: { "aws:PrincipalTag/environment": e } })),
  fc.constant({ StringNotEquals: { "aws:PrincipalTag/environment": "${aws:ResourceTag/environment}" } }),
  fc.constant({ StringNotEqualsIfExists: { "aws:PrincipalTag/environment": "${aws:ResourceTag/environment}" } }),
  environment.map((e) => ({ StringNotLike: { "aws:PrincipalTag/environment": `${e}*` } })),
  fc.array(role, { minLength: 1, maxLength: 3 }).map((roles) => ({ ArnNotLike: { "aws:PrincipalArn": roles } })),
  fc.constant({ ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/etl-*" } }),
  fc.constant({ Bool: { "aws:SecureTransport": "false" } }),
  fc.constant({ BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } }),
  fc.constant({ NumericGreaterThan: { "aws:MultiFactorAuthAge": "3600" } }),
);

const maybe = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arbitrary, { nil: undefined, freq: 2 });

const identitySecretStatement: fc.Arbitrary<Json> = fc
  .record({
    effect: fc.constantFrom("Allow", "Allow", "Allow", "Deny"),
    actions: secretActions,
    resources: fc.array(secretResourcePattern, { minLength: 1, maxLength: 2 }),
    condition: maybe(condition),
  })
  .map(({ effect, actions, resources, condition: c }) => ({
    Effect: effect,
    Action: actions,
    Resource: resources,
    ...(c ? { Condition: c } : {}),
  }));

const identityFenceStatement: fc.Arbitrary<Json> = fc.oneof(
  // Deny everything outside the principal's environment prefix.
  account.map((a) => ({
    Effect: "Deny",
    Action: "secretsmanager:*",
    NotResource: `arn:aws:secretsmanager:${REGION}:${a}:secret:org/\${aws:PrincipalTag/environment}/*`,
  })),
  // Allow everything but writes.
  fc.constant({ Effect: "Allow", NotAction: ["secretsmanager:PutSecretValue", "kms:*"], Resource: "*" }),
);

const identityKmsStatement: fc.Arbitrary<Json> = fc
  .record({
    resource: fc.oneof(
      fc.tuple(account, fc.constantFrom(...KEY_IDS)).map(([a, k]) => keyArn(a, k)),
      fc.constant("*"),
    ),
    via: fc.constantFrom(
      { StringEquals: { "kms:ViaService": VIA_SECRETS_MANAGER } },
      { StringLike: { "kms:ViaService": "secretsmanager.*.amazonaws.com" } },
      { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
      undefined,
    ),
  })
  .map(({ resource, via }) => ({
    Effect: "Allow",
    Action: ["kms:Decrypt", "kms:DescribeKey"],
    Resource: resource,
    ...(via ? { Condition: via } : {}),
  }));

const identityPolicy = fc
  .array(
    fc.oneof(
      { arbitrary: identitySecretStatement, weight: 4 },
      { arbitrary: identityFenceStatement, weight: 1 },
      { arbitrary: identityKmsStatement, weight: 2 },
    ),
    { minLength: 0, maxLength: 4 },
  )
  .map((statements) => ({ Version: "2012-10-17", Statement: statements }));

const awsPrincipal = fc.oneof(
  role,
  account,
  account.map((a) => `arn:aws:iam::${a}:root`),
);

const secretResourcePolicyStatement: fc.Arbitrary<Json> = fc.oneof(
  denyCondition.map((c) => ({ Effect: "Deny", Principal: "*", Action: "secretsmanager:*", Resource: "*", Condition: c })),
  fc
    .record({ principals: fc.array(awsPrincipal, { minLength: 1, maxLength: 3 }), actions: secretActions, condition: maybe(condition) })
    .map(({ principals, actions, condition: c }) => ({
      Effect: "Allow",
      Principal: { AWS: principals },
      Action: actions,
      Resource: "*",
      ...(c ? { Condition: c } : {}),
    })),
  fc
    .array(awsPrincipal, { minLength: 1, maxLength: 2 })
    .map((principals) => ({ Effect: "Deny", NotPrincipal: { AWS: principals }, Action: "secretsmanager:PutSecretValue", Resource: "*" })),
  fc.constant({
    Effect: "Allow",
    Principal: "*",
    Action: "secretsmanager:DescribeSecret",
    Resource: "*",
    Condition: { StringEquals: { "aws:PrincipalAccount": "111111111111" } },
  }),
);

const keyPolicyStatement: fc.Arbitrary<Json> = fc.oneof(
  account.map((a) => ({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${a}:root` }, Action: "kms:*", Resource: "*" })),
  fc.record({ principals: fc.array(role, { minLength: 1, maxLength: 2 }), via: fc.boolean() }).map(({ principals, via }) => ({
    Effect: "Allow",
    Principal: { AWS: principals },
    Action: "kms:Decrypt",
    Resource: "*",
    ...(via ? { Condition: { StringEquals: { "kms:ViaService": VIA_SECRETS_MANAGER } } } : {}),
  })),
  fc.constant({
    Effect: "Allow",
    Principal: { Service: SECRETS_MANAGER_SERVICE },
    Action: ["kms:Decrypt", "kms:GenerateDataKey"],
    Resource: "*",
  }),
  denyCondition.map((c) => ({ Effect: "Deny", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*", Condition: c })),
);

const resourcePolicy = (statement: fc.Arbitrary<Json>): fc.Arbitrary<Json | undefined> =>
  maybe(fc.array(statement, { minLength: 1, maxLength: 4 }).map((statements) => ({ Version: "2012-10-17", Statement: statements })));

interface Scenario {
  readonly request: IamRequest;
  readonly identityPolicies: readonly Json[];
  readonly resourcePolicy?: Json;
}

const tags = (env: string | undefined): Record<string, string> => (env === undefined ? {} : { environment: env });

const principal = fc.oneof(
  { arbitrary: fc.record({ arn: role, env: maybeEnvironment }).map(({ arn, env }) => ({ arn, tags: tags(env) })), weight: 9 },
  { arbitrary: fc.constant({ arn: SECRETS_MANAGER_SERVICE, tags: {} as Record<string, string> }), weight: 1 },
);

const commonContext = fc.record(
  {
    "aws:SecureTransport": fc.constantFrom("true", "false"),
    "aws:MultiFactorAuthPresent": fc.constantFrom("true", "false"),
    "aws:MultiFactorAuthAge": fc.constantFrom("60", "900", "7200"),
    "aws:userid": fc.constantFrom("AROAEXAMPLE:etl-loader", "AIDAEXAMPLE"),
    "aws:SourceAccount": account,
    "aws:SourceArn": account.map((a) => `arn:aws:lambda:${REGION}:${a}:function:etl-rotate-pg`),
  },
  { requiredKeys: [] },
);

const secretScenario: fc.Arbitrary<Scenario> = fc
  .record({
    principal: principal.filter((p) => p.arn !== SECRETS_MANAGER_SERVICE),
    action: fc.constantFrom(...SECRETS_MANAGER_ACTIONS),
    resource: secret,
    resourceEnv: maybeEnvironment,
    context: commonContext,
    identityPolicies: fc.array(identityPolicy, { minLength: 0, maxLength: 2 }),
    resourcePolicy: resourcePolicy(secretResourcePolicyStatement),
  })
  .map(({ principal: p, action, resource, resourceEnv, context, identityPolicies, resourcePolicy: rp }) => ({
    request: { principal: p, action, resource: { arn: resource, tags: tags(resourceEnv) }, context },
    identityPolicies,
    ...(rp ? { resourcePolicy: rp } : {}),
  }));

const kmsScenario: fc.Arbitrary<Scenario> = fc
  .record({
    principal,
    action: fc.constantFrom("kms:Decrypt", "kms:DescribeKey"),
    key: fc.tuple(account, fc.constantFrom(...KEY_IDS)).map(([a, k]) => keyArn(a, k)),
    keyEnv: maybeEnvironment,
    via: maybe(fc.constantFrom(VIA_SECRETS_MANAGER, "s3.us-east-1.amazonaws.com")),
    context: commonContext,
    identityPolicies: fc.array(identityPolicy, { minLength: 0, maxLength: 2 }),
    keyPolicy: resourcePolicy(keyPolicyStatement),
  })
  .map(({ principal: p, action, key, keyEnv, via, context, identityPolicies, keyPolicy }) => ({
    request: {
      principal: p,
      action,
      resource: { arn: key, tags: tags(keyEnv) },
      context: { ...context, ...(via ? { "kms:ViaService": via } : {}) },
    },
    identityPolicies: p.arn === SECRETS_MANAGER_SERVICE ? [] : identityPolicies,
    ...(keyPolicy ? { resourcePolicy: keyPolicy } : {}),
  }));

const scenario = fc.oneof({ arbitrary: secretScenario, weight: 3 }, { arbitrary: kmsScenario, weight: 2 });

const SIMULATOR_RESULT: Record<string, IamDecisionKind> = {
  Allowed: "allow",
  ExplicitlyDenied: "explicit-deny",
  ImplicitlyDenied: "implicit-deny",
};

async function simulatorDecision(input: Scenario): Promise<IamDecisionKind> {
  const { request } = input;
  // iam-simulate does not derive context keys from the request; hand it exactly the keys ours used.
  const contextVariables = Object.fromEntries(
    buildRequestContext(request)
      .entries()
      .filter(([key]) => !key.toLowerCase().startsWith("secretsmanager:resourcetag/"))
      .map(([key, value]) => [key, typeof value === "string" ? value : [...value]]),
  );
  const accountId = request.resource.arn.split(":")[4];
  const simulation: Simulation = {
    request: {
      principal: request.principal.arn,
      action: request.action,
      resource: { resource: request.resource.arn, accountId },
      contextVariables,
    },
    identityPolicies: input.identityPolicies.map((policy, index) => ({ name: `identity-${index}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(input.resourcePolicy ? { resourcePolicy: input.resourcePolicy } : {}),
  };
  const response = await runSimulation(simulation, {});
  if (response.resultType === "error") throw new Error(`iam-simulate rejected the scenario: ${JSON.stringify(response.errors)}`);
  if (response.resultType !== "single") throw new Error(`expected a single-resource simulation, got ${response.resultType}`);
  const ignored = response.result.ignoredContextKeys ?? [];
  if (ignored.length > 0)
    throw new Error(`iam-simulate ignored context keys ${ignored.join(", ")}: the two evaluators would not see the same request`);
  return SIMULATOR_RESULT[response.overallResult];
}

function ourDecision(input: Scenario): IamDecision {
  return evaluateIam({
    request: input.request,
    identityPolicies: input.identityPolicies.map((policy, index) => parseIamPolicy(`identity-${index}`, policy)),
    ...(input.resourcePolicy ? { resourcePolicy: parseIamPolicy("resource", input.resourcePolicy) } : {}),
  });
}

describe("IAM evaluator agrees with iam-simulate", () => {
  it(`decides ${RUNS} generated requests exactly as iam-simulate does`, async () => {
    const tally: Record<IamDecisionKind, number> = { allow: 0, "explicit-deny": 0, "implicit-deny": 0 };
    const allowPaths = new Map<string, number>();
    let agreements = 0;

    await fc.assert(
      fc.asyncProperty(scenario, async (input) => {
        const ours = ourDecision(input);
        const theirs = await simulatorDecision(input);
        expect(ours.decision).toBe(theirs);
        agreements++;
        tally[ours.decision]++;
        if (ours.decision === "allow") {
          const path = ours.reason.slice(0, ours.reason.indexOf(":"));
          allowPaths.set(path, (allowPaths.get(path) ?? 0) + 1);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );

    // The comparison is only meaningful if every outcome is well represented.
    console.info(
      `IAM differential: ${agreements}/${RUNS} agree; ${JSON.stringify(tally)}; allowed via ${JSON.stringify(Object.fromEntries(allowPaths))}`,
    );
    expect(agreements).toBe(RUNS);
    expect(tally.allow).toBeGreaterThan(RUNS / 10);
    expect(tally["explicit-deny"]).toBeGreaterThan(RUNS / 10);
    expect(tally["implicit-deny"]).toBeGreaterThan(RUNS / 10);
    expect([...allowPaths.keys()].sort()).toEqual([
      "cross-account request allowed by both layers",
      "same-account request allowed",
      "the key policy allows the principal",
      "the key policy delegates to the account and an identity policy allows",
      "the resource policy allows the service principal",
    ]);
  }, 60_000);
});
