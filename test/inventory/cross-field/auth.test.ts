import { baseInventory, inventoryWith, messagesOf, messagesWithCode } from "../../support/inventory/base-inventory";

describe("auth: methods fit the store; one consumer id is one service account", () => {
  it("passes for approle on Vault and aws-iam on AWS", () => {
    expect(messagesOf(baseInventory())).toEqual([]);
  });

  it.each([
    ["approle", { method: "approle", cidrs: ["10.0.0.0/8"] }],
    [
      "jwt",
      {
        method: "jwt",
        issuer: "https://token.actions.githubusercontent.com",
        subject: "repo:acme/x:ref:refs/heads/main",
        audience: "vault",
      },
    ],
    ["kubernetes", { method: "kubernetes", serviceAccount: "orders", namespace: "ingest" }],
    ["aws-iam", { method: "aws-iam", roleName: "orders-nightly" }],
  ])("passes when a Vault connector's consumer uses %s", (_, auth) => {
    expect(messagesOf(inventoryWith((d) => void (d.connectors[0].consumers[0].auth = auth)))).toEqual([]);
  });

  it("passes when an AWS connector's consumer uses jwt (web identity federation)", () => {
    const auth = {
      method: "jwt",
      issuer: "https://token.actions.githubusercontent.com",
      subject: "repo:acme/x:ref:refs/heads/main",
      audience: "sts.amazonaws.com",
    };

    expect(messagesOf(inventoryWith((d) => void (d.connectors[1].consumers[0].auth = auth)))).toEqual([]);
  });

  it("fails when an AWS connector's consumer uses approle or kubernetes", () => {
    const doc = inventoryWith((d) => {
      d.connectors[1].consumers[0].auth = { method: "approle", cidrs: ["10.0.0.0/8"] };
      d.connectors[1].consumers.push({ id: "billing-k8s", auth: { method: "kubernetes", serviceAccount: "billing", namespace: "etl" } });
    });

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[1].consumers[0].auth.method: approle cannot read from AWS Secrets Manager; for store aws use aws-iam or jwt",
  "connectors[1].consumers[1].auth.method: kubernetes cannot read from AWS Secrets Manager; for store aws use aws-iam or jwt",
]
`);
  });

  it("fails when an unknown method is used, naming the allowed methods", () => {
    const doc = inventoryWith((d) => void (d.connectors[0].consumers[0].auth = { method: "ldap" }));

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[0].consumers[0].auth.method: must be one of approle | jwt | kubernetes | aws-iam, got "ldap"",
]
`);
  });

  it("fails when an approle consumer of a production connector gives no cidrs", () => {
    const doc = inventoryWith((d) => void delete d.connectors[0].consumers[0].auth.cidrs);

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[0].consumers[0].auth.cidrs: is required in production (environment prod): secret ids and tokens are bound to the job's networks",
]
`);
  });

  it("passes when an approle consumer of a non-production-only connector gives no cidrs", () => {
    const doc = inventoryWith((d) => {
      delete d.connectors[0].consumers[0].auth.cidrs;
      d.connectors[0].environments = { dev: {} };
    });

    expect(messagesOf(doc)).toEqual([]);
  });

  describe("aws-iam", () => {
    const withAuth = (auth: Record<string, unknown>) =>
      inventoryWith((d) => void (d.connectors[1].consumers[0].auth = { method: "aws-iam", ...auth }));

    it.each([
      ["a third party account with the external id it issued", { trustedAccount: "999999999999", externalId: "vendor-issued-id" }],
      ["a created role for a service", { roleName: "billing-sync", trustedService: "ecs-tasks.amazonaws.com" }],
    ])("passes with %s", (_, auth) => {
      expect(messagesOf(withAuth(auth))).toEqual([]);
    });

    it("passes with an existing role in its one environment's account", () => {
      const doc = inventoryWith((d) => {
        d.connectors[1].consumers[0].auth = { method: "aws-iam", roleArn: "arn:aws:iam::222222222222:role/billing-sync" };
        d.connectors[1].environments = { prod: {} };
      });

      expect(messagesOf(doc)).toEqual([]);
    });

    it("fails when an existing role is granted in two environments: one principal across the boundary", () => {
      // GIVEN billing-mysql lives in dev (111111111111) and prod (222222222222); its consumer names a prod role
      const doc = withAuth({ roleArn: "arn:aws:iam::222222222222:role/billing-sync" });

      // THEN dev's account does not hold the role, and the role would span both environments
      expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[1].consumers[0].auth.roleArn: this existing role is granted in environments dev, prod; an existing role may be used in one environment only (it would be one principal across the environment boundary): give each environment its own role, or use roleName so the library creates <roleName>-<environment>",
  "connectors[1].consumers[0].auth.roleArn: this existing role is in account 222222222222, but environment dev uses account 111111111111; an existing role must live in its environment's AWS account",
]
`);
    });

    it("fails when one existing role is used by connectors of different environments", () => {
      const role = "arn:aws:iam::222222222222:role/etl-runner";
      const doc = inventoryWith((d) => {
        d.connectors[0].consumers[0] = { id: "etl-runner", auth: { method: "aws-iam", roleArn: role } };
        d.connectors[0].environments = { prod: {} };
        d.connectors[1].consumers[0] = { id: "etl-runner-dev", auth: { method: "aws-iam", roleArn: role } };
        d.connectors[1].environments = { dev: {} };
      });

      expect(messagesWithCode(doc, "existing-role-one-environment")).toMatchInlineSnapshot(`
[
  "connectors[0].consumers[0].auth.roleArn: this existing role is granted in environments dev, prod; an existing role may be used in one environment only (it would be one principal across the environment boundary): give each environment its own role, or use roleName so the library creates <roleName>-<environment>",
  "connectors[1].consumers[0].auth.roleArn: this existing role is granted in environments dev, prod; an existing role may be used in one environment only (it would be one principal across the environment boundary): give each environment its own role, or use roleName so the library creates <roleName>-<environment>",
]
`);
    });

    it("fails when an existing role is in another account than its environment's", () => {
      const doc = inventoryWith((d) => {
        d.connectors[1].consumers[0].auth = { method: "aws-iam", roleArn: "arn:aws:iam::111111111111:role/billing-sync" };
        d.connectors[1].environments = { prod: {} };
      });

      expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[1].consumers[0].auth.roleArn: this existing role is in account 111111111111, but environment prod uses account 222222222222; an existing role must live in its environment's AWS account",
]
`);
    });

    it("fails when it names no role at all", () => {
      expect(messagesOf(withAuth({}))).toMatchInlineSnapshot(`
[
  "connectors[1].consumers[0].auth: aws-iam needs roleName (a role the library creates), roleArn (an existing role) or trustedAccount (a third party)",
]
`);
    });

    it("fails when an existing role is combined with fields of a created one", () => {
      expect(
        messagesWithCode(
          withAuth({ roleArn: "arn:aws:iam::222222222222:role/billing-sync", roleName: "billing-sync" }),
          "role-arn-exclusive",
        ),
      ).toMatchInlineSnapshot(`
[
  "connectors[1].consumers[0].auth.roleArn: an existing role (roleArn) cannot be combined with roleName, trustedAccount or trustedService, which describe a role the library creates",
]
`);
    });
  });

  describe("a consumer id under several connectors", () => {
    const shared = (first: Record<string, unknown>, second: Record<string, unknown>) =>
      inventoryWith((d) => {
        d.connectors[0].consumers[0] = { id: "etl-runner", auth: first };
        d.connectors[1].store = "vault";
        d.connectors[1].consumers[0] = { id: "etl-runner", auth: second };
      });

    // Moving a connector to Vault leaves its static roles unannounced (no Secrets Manager secret,
    // no RotationSucceeded topic): that warning belongs to another rule.
    const authMessagesOf = (doc: unknown) => messagesOf(doc).filter((message) => !message.includes("rotations are not announced"));

    it("passes when its auth agrees", () => {
      const auth = { method: "approle", cidrs: ["10.20.0.0/16"] };

      expect(authMessagesOf(shared(auth, { ...auth }))).toEqual([]);
    });

    it("passes when one declaration spells out a default the other leaves out", () => {
      const doc = shared(
        { method: "kubernetes", serviceAccount: "etl", namespace: "ingest" },
        { method: "kubernetes", serviceAccount: "etl", namespace: "ingest", cluster: "default" },
      );

      expect(authMessagesOf(doc)).toEqual([]);
    });

    it("fails when its auth differs: one id is one service account", () => {
      const doc = shared({ method: "approle", cidrs: ["10.20.0.0/16"] }, { method: "approle", cidrs: ["10.99.0.0/16"] });

      expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[1].consumers[0].auth: consumer "etl-runner" is also declared at connectors[0].consumers[0].auth with different auth; one consumer id is one service account, so its auth must agree",
]
`);
    });
  });
});
