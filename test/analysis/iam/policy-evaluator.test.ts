// Rows written from AWS's IAM documentation (policy evaluation logic, cross-account evaluation,
// condition operators, policy variables), on the statement shapes this library emits.
import { IamPolicyParseError, parseIamPolicy } from "../../../lib/analysis/iam/policy-document";
import { evaluateIam, type IamDecisionKind } from "../../../lib/analysis/iam/policy-evaluator";
import type { IamRequest } from "../../../lib/analysis/iam/request-context";

const A = "111111111111";
const B = "222222222222";
const DEV_SECRET = `arn:aws:secretsmanager:us-east-1:${A}:secret:org/dev/pg/cred-AbC123`;
const PROD_SECRET = `arn:aws:secretsmanager:us-east-1:${A}:secret:org/prod/pg/cred-XyZ789`;
const KEY = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const DEV_LOADER = `arn:aws:iam::${A}:role/etl-dev-loader`;
const PARTNER = `arn:aws:iam::${B}:role/partner-reader`;

type Statement = Record<string, unknown>;

interface Row {
  readonly name: string;
  readonly principal?: string;
  readonly principalTags?: Record<string, string>;
  readonly action?: string;
  readonly resource?: string;
  readonly resourceTags?: Record<string, string>;
  readonly context?: Record<string, string | string[]>;
  readonly identity?: readonly Statement[];
  readonly resourcePolicy?: readonly Statement[];
  readonly expected: IamDecisionKind;
}

const allowGet = (resource: string | string[], extra: Statement = {}): Statement => ({
  Effect: "Allow",
  Action: "secretsmanager:GetSecretValue",
  Resource: resource,
  ...extra,
});

const rows: Row[] = [
  // Default and explicit deny
  { name: "nothing allows: implicit deny", expected: "implicit-deny" },
  { name: "identity allow on the exact ARN", identity: [allowGet(DEV_SECRET)], expected: "allow" },
  {
    name: "identity deny beats identity allow",
    identity: [allowGet(DEV_SECRET), { Effect: "Deny", Action: "secretsmanager:*", Resource: "*" }],
    expected: "explicit-deny",
  },
  {
    name: "resource deny beats identity allow",
    identity: [allowGet(DEV_SECRET)],
    resourcePolicy: [{ Effect: "Deny", Principal: "*", Action: "secretsmanager:*", Resource: "*" }],
    expected: "explicit-deny",
  },

  // Action and resource wildcards
  {
    name: "action wildcard secretsmanager:Get*",
    identity: [{ Effect: "Allow", Action: "secretsmanager:Get*", Resource: DEV_SECRET }],
    expected: "allow",
  },
  {
    name: "action wildcard does not cross services",
    identity: [{ Effect: "Allow", Action: "kms:Get*", Resource: "*" }],
    expected: "implicit-deny",
  },
  {
    name: "actions compare case-insensitively",
    identity: [{ Effect: "Allow", Action: "SecretsManager:getsecretvalue", Resource: DEV_SECRET }],
    expected: "allow",
  },
  {
    name: "?????? matches the six-character suffix",
    identity: [allowGet(`arn:aws:secretsmanager:us-east-1:${A}:secret:org/dev/pg/cred-??????`)],
    expected: "allow",
  },
  {
    name: "?????? does not match a seven-character suffix",
    resource: `${DEV_SECRET}7`,
    identity: [allowGet(`arn:aws:secretsmanager:us-east-1:${A}:secret:org/dev/pg/cred-??????`)],
    expected: "implicit-deny",
  },
  {
    name: "* in the resource part spans slashes",
    identity: [allowGet(`arn:aws:secretsmanager:us-east-1:${A}:secret:org/*`)],
    expected: "allow",
  },
  { name: "region wildcard", identity: [allowGet(`arn:aws:secretsmanager:*:${A}:secret:org/dev/*`)], expected: "allow" },
  {
    name: "another account's ARN does not match",
    identity: [allowGet(`arn:aws:secretsmanager:us-east-1:${B}:secret:org/dev/*`)],
    expected: "implicit-deny",
  },
  {
    name: "resource parts are case-sensitive",
    identity: [allowGet(`arn:aws:secretsmanager:us-east-1:${A}:secret:ORG/dev/*`)],
    expected: "implicit-deny",
  },

  // NotAction / NotResource
  {
    name: "NotAction allows everything else",
    identity: [{ Effect: "Allow", NotAction: "secretsmanager:PutSecretValue", Resource: "*" }],
    expected: "allow",
  },
  {
    name: "NotAction excludes the named action",
    action: "secretsmanager:PutSecretValue",
    identity: [{ Effect: "Allow", NotAction: "secretsmanager:PutSecretValue", Resource: "*" }],
    expected: "implicit-deny",
  },
  {
    name: "Deny with NotResource fences other environments",
    resource: PROD_SECRET,
    principalTags: { environment: "dev" },
    identity: [
      allowGet("*"),
      {
        Effect: "Deny",
        Action: "secretsmanager:*",
        NotResource: `arn:aws:secretsmanager:*:${A}:secret:org/\${aws:PrincipalTag/environment}/*`,
      },
    ],
    expected: "explicit-deny",
  },
  {
    name: "Deny with NotResource leaves its own environment",
    principalTags: { environment: "dev" },
    identity: [
      allowGet("*"),
      {
        Effect: "Deny",
        Action: "secretsmanager:*",
        NotResource: `arn:aws:secretsmanager:*:${A}:secret:org/\${aws:PrincipalTag/environment}/*`,
      },
    ],
    expected: "allow",
  },

  // Same account versus cross-account
  {
    name: "same account: resource policy naming the role suffices",
    resourcePolicy: [{ Effect: "Allow", Principal: { AWS: DEV_LOADER }, Action: "secretsmanager:GetSecretValue", Resource: "*" }],
    expected: "allow",
  },
  {
    name: "same account: naming only the account delegates to IAM",
    resourcePolicy: [
      { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: "secretsmanager:GetSecretValue", Resource: "*" },
    ],
    expected: "implicit-deny",
  },
  {
    name: "cross-account: identity allow alone is not enough",
    principal: PARTNER,
    identity: [allowGet(DEV_SECRET)],
    expected: "implicit-deny",
  },
  {
    name: "cross-account: resource allow alone is not enough",
    principal: PARTNER,
    resourcePolicy: [{ Effect: "Allow", Principal: { AWS: PARTNER }, Action: "secretsmanager:GetSecretValue", Resource: "*" }],
    expected: "implicit-deny",
  },
  {
    name: "cross-account: both layers allow",
    principal: PARTNER,
    identity: [allowGet(DEV_SECRET)],
    resourcePolicy: [{ Effect: "Allow", Principal: { AWS: PARTNER }, Action: "secretsmanager:GetSecretValue", Resource: "*" }],
    expected: "allow",
  },
  {
    name: "cross-account: the account id as principal suffices with an identity allow",
    principal: PARTNER,
    identity: [allowGet(DEV_SECRET)],
    resourcePolicy: [{ Effect: "Allow", Principal: { AWS: B }, Action: "secretsmanager:GetSecretValue", Resource: "*" }],
    expected: "allow",
  },
  {
    name: "Deny naming an account denies its principals",
    identity: [allowGet(DEV_SECRET)],
    resourcePolicy: [{ Effect: "Deny", Principal: { AWS: A }, Action: "secretsmanager:*", Resource: "*" }],
    expected: "explicit-deny",
  },
  {
    name: "NotPrincipal Deny spares the named role",
    identity: [allowGet(DEV_SECRET)],
    resourcePolicy: [{ Effect: "Deny", NotPrincipal: { AWS: DEV_LOADER }, Action: "secretsmanager:*", Resource: "*" }],
    expected: "allow",
  },
  {
    name: "NotPrincipal Deny hits every other role",
    principal: `arn:aws:iam::${A}:role/etl-dev-other`,
    identity: [allowGet(DEV_SECRET)],
    resourcePolicy: [{ Effect: "Deny", NotPrincipal: { AWS: DEV_LOADER }, Action: "secretsmanager:*", Resource: "*" }],
    expected: "explicit-deny",
  },

  // KMS key policies and service principals
  {
    name: "kms: identity allow without key policy is not enough",
    action: "kms:Decrypt",
    resource: KEY,
    identity: [{ Effect: "Allow", Action: "kms:Decrypt", Resource: KEY }],
    expected: "implicit-deny",
  },
  {
    name: "kms: key policy delegating to the account lets the identity allow count",
    action: "kms:Decrypt",
    resource: KEY,
    identity: [{ Effect: "Allow", Action: "kms:Decrypt", Resource: KEY }],
    resourcePolicy: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: "kms:*", Resource: "*" }],
    expected: "allow",
  },
  {
    name: "kms: kms:ViaService condition met",
    action: "kms:Decrypt",
    resource: KEY,
    context: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" },
    resourcePolicy: [
      {
        Effect: "Allow",
        Principal: { AWS: DEV_LOADER },
        Action: "kms:Decrypt",
        Resource: "*",
        Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
      },
    ],
    expected: "allow",
  },
  {
    name: "kms: direct call without kms:ViaService",
    action: "kms:Decrypt",
    resource: KEY,
    resourcePolicy: [
      {
        Effect: "Allow",
        Principal: { AWS: DEV_LOADER },
        Action: "kms:Decrypt",
        Resource: "*",
        Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
      },
    ],
    expected: "implicit-deny",
  },
  {
    name: "service principal allowed by the resource policy",
    principal: "secretsmanager.amazonaws.com",
    action: "kms:Decrypt",
    resource: KEY,
    resourcePolicy: [{ Effect: "Allow", Principal: { Service: "secretsmanager.amazonaws.com" }, Action: "kms:Decrypt", Resource: "*" }],
    expected: "allow",
  },
  {
    name: "service principal not named",
    principal: "lambda.amazonaws.com",
    action: "kms:Decrypt",
    resource: KEY,
    resourcePolicy: [{ Effect: "Allow", Principal: { Service: "secretsmanager.amazonaws.com" }, Action: "kms:Decrypt", Resource: "*" }],
    expected: "implicit-deny",
  },

  // Conditions and policy variables
  {
    name: "ResourceTag equals PrincipalTag variable",
    principalTags: { environment: "dev" },
    resourceTags: { environment: "dev" },
    identity: [allowGet("*", { Condition: { StringEquals: { "aws:ResourceTag/environment": "${aws:PrincipalTag/environment}" } } })],
    expected: "allow",
  },
  {
    name: "ResourceTag differs from PrincipalTag",
    principalTags: { environment: "dev" },
    resourceTags: { environment: "prod" },
    identity: [allowGet("*", { Condition: { StringEquals: { "aws:ResourceTag/environment": "${aws:PrincipalTag/environment}" } } })],
    expected: "implicit-deny",
  },
  {
    name: "unresolvable variable matches nothing",
    resourceTags: { environment: "dev" },
    identity: [allowGet("*", { Condition: { StringEquals: { "aws:ResourceTag/environment": "${aws:PrincipalTag/environment}" } } })],
    expected: "implicit-deny",
  },
  {
    name: "variable default value",
    resourceTags: { environment: "dev" },
    identity: [allowGet("*", { Condition: { StringEquals: { "aws:ResourceTag/environment": "${aws:PrincipalTag/environment, 'dev'}" } } })],
    expected: "allow",
  },
  {
    name: "secretsmanager:ResourceTag comes from the secret's tags",
    resourceTags: { environment: "dev" },
    identity: [allowGet("*", { Condition: { StringEquals: { "secretsmanager:ResourceTag/environment": "dev" } } })],
    expected: "allow",
  },
  {
    name: "tag keys in condition keys are case-insensitive",
    resourceTags: { Environment: "dev" },
    identity: [allowGet("*", { Condition: { StringEquals: { "aws:resourcetag/environment": "dev" } } })],
    expected: "allow",
  },
  {
    name: "StringNotEquals Deny for another environment",
    principalTags: { environment: "prod" },
    identity: [allowGet("*")],
    resourcePolicy: [
      {
        Effect: "Deny",
        Principal: "*",
        Action: "secretsmanager:*",
        Resource: "*",
        Condition: { StringNotEquals: { "aws:PrincipalTag/environment": "dev" } },
      },
    ],
    expected: "explicit-deny",
  },
  {
    name: "StringNotEquals Deny applies when the tag is missing",
    identity: [allowGet("*")],
    resourcePolicy: [
      {
        Effect: "Deny",
        Principal: "*",
        Action: "secretsmanager:*",
        Resource: "*",
        Condition: { StringNotEquals: { "aws:PrincipalTag/environment": "dev" } },
      },
    ],
    expected: "explicit-deny",
  },
  {
    name: "StringLike with ? and *",
    principalTags: { environment: "prod" },
    identity: [allowGet("*", { Condition: { StringLike: { "aws:PrincipalTag/environment": "p?o*" } } })],
    expected: "allow",
  },
  {
    name: "StringNotLike",
    principalTags: { environment: "prod" },
    identity: [allowGet("*", { Condition: { StringNotLike: { "aws:PrincipalTag/environment": "d*" } } })],
    expected: "allow",
  },
  {
    name: "ArnNotLike Deny spares listed roles",
    identity: [allowGet("*")],
    resourcePolicy: [
      {
        Effect: "Deny",
        Principal: "*",
        Action: "secretsmanager:*",
        Resource: "*",
        Condition: { ArnNotLike: { "aws:PrincipalArn": [`arn:aws:iam::${A}:role/etl-dev-*`] } },
      },
    ],
    expected: "allow",
  },
  {
    name: "ArnNotLike Deny hits other roles",
    principal: `arn:aws:iam::${A}:role/admin`,
    identity: [allowGet("*")],
    resourcePolicy: [
      {
        Effect: "Deny",
        Principal: "*",
        Action: "secretsmanager:*",
        Resource: "*",
        Condition: { ArnNotLike: { "aws:PrincipalArn": [`arn:aws:iam::${A}:role/etl-dev-*`] } },
      },
    ],
    expected: "explicit-deny",
  },
  {
    name: "ArnLike needs all six ARN parts: arn:aws:iam::* matches nothing",
    identity: [allowGet("*", { Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*" } } })],
    expected: "implicit-deny",
  },
  { name: "ArnEquals", identity: [allowGet("*", { Condition: { ArnEquals: { "aws:PrincipalArn": DEV_LOADER } } })], expected: "allow" },
  {
    name: "Bool aws:SecureTransport false denies",
    context: { "aws:SecureTransport": "false" },
    identity: [allowGet("*")],
    resourcePolicy: [
      { Effect: "Deny", Principal: "*", Action: "*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
    ],
    expected: "explicit-deny",
  },
  {
    name: "BoolIfExists on an absent key",
    identity: [allowGet("*", { Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "true" } } })],
    expected: "allow",
  },
  {
    name: "Bool on an absent key",
    identity: [allowGet("*", { Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } })],
    expected: "implicit-deny",
  },
  {
    name: "NumericLessThanEquals on MFA age",
    context: { "aws:MultiFactorAuthAge": "300" },
    identity: [allowGet("*", { Condition: { NumericLessThanEquals: { "aws:MultiFactorAuthAge": "300" } } })],
    expected: "allow",
  },
  {
    name: "NumericLessThan on MFA age",
    context: { "aws:MultiFactorAuthAge": "300" },
    identity: [allowGet("*", { Condition: { NumericLessThan: { "aws:MultiFactorAuthAge": "300" } } })],
    expected: "implicit-deny",
  },
  {
    name: "Null true means absent",
    identity: [allowGet("*", { Condition: { Null: { "aws:ResourceTag/environment": "true" } } })],
    expected: "allow",
  },
  {
    name: "Null false means present",
    identity: [allowGet("*", { Condition: { Null: { "aws:ResourceTag/environment": "false" } } })],
    expected: "implicit-deny",
  },
  {
    name: "ForAnyValue on an absent key",
    identity: [allowGet("*", { Condition: { "ForAnyValue:StringEquals": { "aws:PrincipalTag/environment": ["dev"] } } })],
    expected: "implicit-deny",
  },
  {
    name: "ForAllValues on an absent key",
    identity: [allowGet("*", { Condition: { "ForAllValues:StringEquals": { "aws:PrincipalTag/environment": ["dev"] } } })],
    expected: "allow",
  },
  {
    name: "ForAnyValue over a multi-valued key",
    context: { "aws:TagKeys": ["environment", "owner"] },
    identity: [allowGet("*", { Condition: { "ForAnyValue:StringEquals": { "aws:TagKeys": "owner" } } })],
    expected: "allow",
  },
  {
    name: "ForAllValues over a multi-valued key",
    context: { "aws:TagKeys": ["environment", "owner"] },
    identity: [allowGet("*", { Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": "owner" } } })],
    expected: "implicit-deny",
  },
  {
    name: "SourceArn and SourceAccount together",
    context: { "aws:SourceArn": `arn:aws:lambda:us-east-1:${A}:function:etl-rotate-pg`, "aws:SourceAccount": A },
    identity: [
      allowGet("*", {
        Condition: {
          ArnLike: { "aws:SourceArn": `arn:aws:lambda:*:${A}:function:etl-rotate-*` },
          StringEquals: { "aws:SourceAccount": A },
        },
      }),
    ],
    expected: "allow",
  },
  {
    name: "aws:userid with a variable",
    principalTags: { consumer: "loader" },
    context: { "aws:userid": "AROAEXAMPLE:loader" },
    identity: [allowGet("*", { Condition: { StringLike: { "aws:userid": "AROA*:${aws:PrincipalTag/consumer}" } } })],
    expected: "allow",
  },
  {
    name: "policy variable inside the resource ARN",
    principalTags: { environment: "dev" },
    identity: [allowGet(`arn:aws:secretsmanager:us-east-1:${A}:secret:org/\${aws:PrincipalTag/environment}/*`)],
    expected: "allow",
  },
  {
    name: "policy variable inside the resource ARN, other environment",
    principalTags: { environment: "prod" },
    identity: [allowGet(`arn:aws:secretsmanager:us-east-1:${A}:secret:org/\${aws:PrincipalTag/environment}/*`)],
    expected: "implicit-deny",
  },
];

function evaluateRow(row: Row) {
  const request: IamRequest = {
    principal: { arn: row.principal ?? DEV_LOADER, tags: row.principalTags ?? {} },
    action: row.action ?? "secretsmanager:GetSecretValue",
    resource: { arn: row.resource ?? DEV_SECRET, tags: row.resourceTags ?? {} },
    ...(row.context ? { context: row.context } : {}),
  };
  return evaluateIam({
    request,
    identityPolicies: row.identity ? [parseIamPolicy("identity", { Version: "2012-10-17", Statement: row.identity })] : [],
    ...(row.resourcePolicy ? { resourcePolicy: parseIamPolicy("resource", { Version: "2012-10-17", Statement: row.resourcePolicy }) } : {}),
  });
}

describe("evaluateIam (rows from AWS's policy evaluation documentation)", () => {
  it.each(rows)("$name", (row) => {
    expect(evaluateRow(row).decision).toBe(row.expected);
  });
});

describe("evaluateIam explanations", () => {
  it("says which layer denied and which statement", () => {
    const decision = evaluateRow({
      name: "",
      identity: [allowGet(DEV_SECRET)],
      resourcePolicy: [
        {
          Sid: "FenceDev",
          Effect: "Deny",
          Principal: "*",
          Action: "secretsmanager:*",
          Resource: "*",
          Condition: { StringNotEquals: { "aws:PrincipalTag/environment": "dev" } },
        },
      ],
      expected: "explicit-deny",
    });

    expect(decision).toEqual({
      decision: "explicit-deny",
      decidingStatements: [{ layer: "resource", policy: "resource", statement: 0, sid: "FenceDev", effect: "Deny" }],
      sameAccount: true,
      reason: 'explicitly denied by resource policy "resource" statement "FenceDev"',
    });
  });

  it("says which layer is missing for a cross-account request", () => {
    const decision = evaluateRow({ name: "", principal: PARTNER, identity: [allowGet(DEV_SECRET)], expected: "implicit-deny" });

    expect(decision.missingAllowFrom).toEqual(["resource"]);
    expect(decision.sameAccount).toBe(false);
  });

  it("lists the statements that granted", () => {
    const decision = evaluateRow({
      name: "",
      identity: [{ Effect: "Allow", Action: "kms:Decrypt", Resource: "*" }, allowGet(DEV_SECRET)],
      expected: "allow",
    });

    expect(decision.decidingStatements).toEqual([{ layer: "identity", policy: "identity", statement: 1, effect: "Allow" }]);
  });
});

describe("parseIamPolicy", () => {
  it("accepts JSON text and single statements", () => {
    const policy = parseIamPolicy("p", JSON.stringify({ Version: "2012-10-17", Statement: allowGet(DEV_SECRET) }));

    expect(policy.statements).toHaveLength(1);
    expect(policy.statements[0].resources).toEqual([DEV_SECRET]);
  });

  it("names the statement and element that could not be read", () => {
    expect(() => parseIamPolicy("p", { Statement: [allowGet(DEV_SECRET), { Effect: "Alow", Action: "*", Resource: "*" }] })).toThrow(
      new IamPolicyParseError("p", "Statement[1].Effect", 'expected "Allow" or "Deny", got "Alow"'),
    );
  });

  it("refuses condition operators it cannot evaluate faithfully", () => {
    expect(() =>
      parseIamPolicy("p", { Statement: [allowGet("*", { Condition: { DateLessThan: { "aws:CurrentTime": "2030-01-01T00:00:00Z" } } })] }),
    ).toThrow('policy "p" Statement[0].Condition.DateLessThan: unsupported condition operator');
  });

  it("needs exactly one of Action or NotAction", () => {
    expect(() => parseIamPolicy("p", { Statement: [{ Effect: "Allow", Resource: "*" }] })).toThrow(
      "needs exactly one of Action or NotAction",
    );
  });
});
