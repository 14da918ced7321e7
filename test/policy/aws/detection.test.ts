import { detectionSignals, FILTER_PATTERN_MAX, rotationEventPattern } from "../../../lib/policy/aws/detection";
import { dashboardBody } from "../../../lib/policy/aws/dashboard";

const input = {
  partition: "aws",
  accountId: "222222222222",
  secretNamePrefix: "acme/prod/",
  iamPath: "/acme/prod/",
  existingReaderArns: ["arn:aws:iam::222222222222:role/legacy-job"],
};

describe("detection signals", () => {
  it("watches the environment's secrets by name prefix, one filter per signal", () => {
    const signals = detectionSignals(input, "{{key-id}}");
    expect(signals.map((s) => s.id)).toEqual([
      "secret-access-denied",
      "unexpected-secret-reader",
      "rotation-failed",
      "secret-deleted",
      "secret-policy-changed",
      "secrets-key-disabled",
    ]);
    for (const signal of signals.filter((s) => s.id !== "secrets-key-disabled")) expect(signal.pattern).toContain("acme/prod/");
    expect(signals.find((s) => s.id === "secrets-key-disabled")!.pattern).toContain("{{key-id}}");
  });

  it("tells declared readers by the environment's IAM path and existing roles by ARN", () => {
    const pattern = detectionSignals(input, "k").find((s) => s.id === "unexpected-secret-reader")!.pattern;
    expect(pattern).toContain('$.userIdentity.sessionContext.sessionIssuer.arn != "arn:aws:iam::222222222222:role/acme/prod/*"');
    expect(pattern).toContain('!= "arn:aws:iam::222222222222:role/legacy-job"');
  });

  it("stays within the 1,024-character pattern limit with many existing roles", () => {
    const many = Array.from({ length: 100 }, (_, i) => `arn:aws:iam::222222222222:role/legacy-${i}`);
    for (const signal of detectionSignals({ ...input, existingReaderArns: many }, "k"))
      expect(signal.pattern.length).toBeLessThanOrEqual(FILTER_PATTERN_MAX);
  });

  it("matches rotation events of the environment's secrets", () => {
    expect(JSON.parse(rotationEventPattern(["RotationFailed"], "arn:aws:secretsmanager:eu-west-1:2:secret:acme/prod/"))).toEqual({
      source: ["aws.secretsmanager"],
      "detail-type": ["AWS Service Event via CloudTrail"],
      detail: {
        eventName: ["RotationFailed"],
        additionalEventData: { SecretId: [{ prefix: "arn:aws:secretsmanager:eu-west-1:2:secret:acme/prod/" }] },
      },
    });
  });
});

describe("dashboard body", () => {
  it("has a header and one row per connector", () => {
    const body = JSON.parse(
      dashboardBody({
        region: "eu-west-1",
        environment: "prod",
        trailLogGroup: "/aws/cloudtrail/x",
        secretNamePrefix: "acme/prod/",
        connectorIds: ["a", "b"],
        part: 0,
        parts: 1,
      }),
    );
    expect(body.widgets).toHaveLength(3);
    expect(body.widgets[1].properties.title).toBe("a");
    expect(body.widgets[2].properties.query).toContain('like "acme/prod/b/"');
  });
});
