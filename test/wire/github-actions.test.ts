import { parse } from "yaml";
import type { GithubActionsWiring } from "../../lib/wire/github-actions";
import { wireConsumer } from "../../lib/wire/wire";
import { examplePlan, exampleWith, vaultConnector } from "./support";

const plan = examplePlan();
const gha = (p: typeof plan, consumer: string, environment: string) => wireConsumer(p, { consumer, environment, target: "github-actions" });

describe("github-actions", () => {
  it("assumes the consumer's role with OIDC and reads its secrets (the example's marketing-sync)", () => {
    const output = gha(plan, "marketing-sync", "prod");
    const data = output.data as GithubActionsWiring;
    expect(data.permissions).toEqual({ "id-token": "write", contents: "read" });
    expect(data.steps).toEqual([
      expect.objectContaining({
        uses: "aws-actions/configure-aws-credentials@v4",
        with: {
          "role-to-assume": "arn:aws:iam::222222222222:role/acme-data/prod/acme-data-prod-marketing-sync",
          "aws-region": "eu-west-1",
        },
      }),
      expect.objectContaining({
        uses: "aws-actions/aws-secretsmanager-get-secrets@v2",
        with: { "secret-ids": "HUBSPOT_API_MAIN,acme-data/prod/hubspot-api/main\n", "parse-json-secrets": true },
      }),
    ]);
    expect(data.subject).toBe("repo:acme/marketing-sync:ref:refs/heads/main");
    expect(parse(output.blocks[0].body)).toEqual({ permissions: data.permissions, steps: data.steps });
  });

  it("logs in to Vault with the jwt method, the consumer's mount, role and audience, and reads dynamic credentials by field", () => {
    const doc = exampleWith(
      vaultConnector("gh-api", {
        id: "gh-job",
        auth: {
          method: "jwt",
          issuer: "https://token.actions.githubusercontent.com",
          subject: "repo:acme/gh:ref:refs/heads/main",
          audience: "https://vault.dev.acme.example",
        },
      }),
      vaultConnector(
        "gh-db",
        {
          id: "gh-job",
          auth: {
            method: "jwt",
            issuer: "https://token.actions.githubusercontent.com",
            subject: "repo:acme/gh:ref:refs/heads/main",
            audience: "https://vault.dev.acme.example",
          },
        },
        { type: "dynamic-database", database: { host: "gh-db.internal", port: 5432, name: "gh" }, ttl: { default: "1h", max: "4h" } },
      ),
    );
    const data = gha(doc, "gh-job", "dev").data as GithubActionsWiring;
    const step = data.steps[0] as { uses: string; with: Record<string, string> };
    expect(step.uses).toBe("hashicorp/vault-action@v3");
    expect(step.with).toMatchObject({
      url: "https://vault.dev.acme.example:8200",
      namespace: "etl/dev",
      method: "jwt",
      role: "gh-job",
      jwtGithubAudience: "https://vault.dev.acme.example",
    });
    expect(step.with.path).toMatch(/^jwt-token-actions-githubusercontent-com/);
    expect(step.with.secrets.trim().split("\n")).toEqual([
      "kv/data/connectors/gh-api/main * | GH_API_MAIN_ ;",
      "database/creds/gh-db-main-gh-job username | GH_DB_MAIN_USERNAME ;",
      "database/creds/gh-db-main-gh-job password | GH_DB_MAIN_PASSWORD",
    ]);
  });

  it("refuses consumers that do not log in with GitHub's OIDC token", () => {
    expect(() => gha(plan, "orders-nightly", "dev")).toThrow(/needs a consumer with jwt auth .* uses approle/);
    const other = exampleWith(
      vaultConnector("idp-api", {
        id: "idp-job",
        auth: { method: "jwt", issuer: "https://idp.acme.example", subject: "etl", audience: "vault" },
      }),
    );
    expect(() => gha(other, "idp-job", "dev")).toThrow(/jwt issuer is not GitHub Actions'/);
  });
});
