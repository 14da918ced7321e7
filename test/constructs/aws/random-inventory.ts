/*
 * Random inventories for the AWS property tests: up to three environments over two accounts
 * (so environments may share an account), up to five AWS-stored connectors of the kinds the AWS
 * side renders, shared consumers (aws-iam with a role, with a service, jwt), quarantines.
 */
import fc from "fast-check";

export const ORG = "acme";
export const REGION = "eu-west-1";
const ENVIRONMENTS = [
  { name: "dev", tier: "non-production" },
  { name: "stg", tier: "non-production" },
  { name: "prod", tier: "production" },
] as const;
const ACCOUNTS = ["111111111111", "222222222222"];
const CONSUMERS: Record<string, object> = {
  j1: { method: "aws-iam", roleName: "j1" },
  j2: {
    method: "jwt",
    issuer: "https://token.actions.githubusercontent.com",
    subject: "repo:acme/j2:ref:refs/heads/main",
    audience: "sts.amazonaws.com",
  },
  j3: { method: "aws-iam", roleName: "j3", trustedService: "ecs-tasks.amazonaws.com" },
};

const credentialArb = fc.oneof(
  fc.record({ type: fc.constant("rotated-password"), database: fc.constant({ host: "db.internal" }), seeded: fc.boolean() }),
  fc.record({ type: fc.constant("api-key"), rotation: fc.constant({ endpoint: "https://broker.internal/k" }), seeded: fc.boolean() }),
  fc.record({ type: fc.constant("api-key"), rotation: fc.constant({ reminder: true }) }),
  fc.record({ type: fc.constant("oauth-client"), grant: fc.constant("refresh-token"), refreshTokenRotates: fc.boolean() }),
  fc.record({
    type: fc.constant("cloud-role"),
    provider: fc.constant("aws"),
    allow: fc.constant({ "s3:GetObject": ["arn:aws:s3:::landing/*"] }),
  }),
);

export const inventoryArb = fc
  .record({
    environments: fc.subarray([...ENVIRONMENTS], { minLength: 1 }),
    accounts: fc.array(fc.constantFrom(...ACCOUNTS), { minLength: 3, maxLength: 3 }),
    connectors: fc.uniqueArray(
      fc.record({
        id: fc.constantFrom("c-a", "c-b", "c-c", "c-d", "c-e"),
        credential: credentialArb,
        consumers: fc.subarray(Object.keys(CONSUMERS)),
        in: fc.subarray(
          ENVIRONMENTS.map((e) => e.name),
          { minLength: 1 },
        ),
        state: fc.constantFrom("active", "active", "quarantined"),
        system: fc.constantFrom("postgresql", "mysql"),
      }),
      { minLength: 1, maxLength: 5, selector: (c) => c.id },
    ),
  })
  .map(({ environments, accounts, connectors }) => {
    const names = environments.map((e) => e.name);
    return {
      version: 1,
      organization: ORG,
      owners: [{ id: "team", name: "Team", email: "team@acme.example" }],
      environments: environments.map((e, i) => ({ ...e, stores: ["aws"], aws: { accountId: accounts[i], region: REGION } })),
      connectors: connectors
        .map((c) => ({ ...c, in: c.in.filter((name) => names.includes(name)) }))
        .filter((c) => c.in.length > 0)
        .map((c) => ({
          id: c.id,
          purpose: `Connector ${c.id}`,
          owner: "team",
          system: c.system,
          sensitivity: "high",
          store: "aws",
          credential: c.credential,
          consumers: c.consumers.map((id) => ({ id, auth: CONSUMERS[id], access: "read" })),
          environments: Object.fromEntries(c.in.map((name) => [name, {}])),
          lifecycle: { createdOn: "2026-01-01", reviewBy: "2027-01-01", state: c.state },
        })),
    };
  });
