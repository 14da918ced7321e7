import fc from "fast-check";
import { compareSummaries, dependencyOrder, interpolations, stackShape, summarizeShape, type ShapeResource } from "../../bench/shape";
import { propertyRuns } from "../support/property-runs";

const stack = {
  provider: { vault: [{}], aws: [{ region: "eu-west-1" }] },
  resource: {
    aws_iam_role: {
      consumer_role_1: {
        name: "r",
        assume_role_policy: '{"Statement":[{"Condition":{"StringEquals":{"aws:PrincipalTag/e":"$${aws:PrincipalTag/e}"}}}]}',
      },
    },
    aws_iam_role_policy: {
      consumer_policy_2: {
        "//": { metadata: { path: "x/${not.a.reference}" } },
        role: "${aws_iam_role.consumer_role_1.name}",
        policy: '{"Statement":[{"Resource":["${aws_kms_key.key_3.arn}","${aws_kms_key.key_3.arn}"]}]}',
        depends_on: ["aws_kms_key.key_3"],
      },
    },
    aws_kms_key: { key_3: { description: "k" } },
    aws_cloudtrail: {
      trail_4: {
        cloud_watch_logs_group_arn: "${aws_kms_key.key_3.arn}:*",
        event_selector: [{ data_resource: [{ values: ["${aws_iam_role.consumer_role_1.arn}"] }] }],
      },
    },
    vault_database_secret_backend_connection: { connection_5: { postgresql: { password_wo: "${var.bootstrap}", username: "u" } } },
  },
  output: { role_arn: { value: "${aws_iam_role.consumer_role_1.arn}" }, literal: { value: "x" } },
};

describe("the shape of a synthesized stack (what the fair baseline rebuilds)", () => {
  it("reads the expressions of ${...}, not Terraform's $${ escapes", () => {
    expect(interpolations("a ${x.y.z} $${aws:username} ${var.v}")).toEqual(["x.y.z", "var.v"]);
    expect(interpolations("no references")).toEqual([]);
  });

  it("records per resource its type, each string holding references (where, what form, which resource attribute or variable) and its depends_on, in file order", () => {
    const shape = stackShape(stack);
    expect(shape.providers).toEqual(["aws", "vault"]);
    expect(shape.resources.map((r) => r.type)).toEqual([
      "aws_iam_role",
      "aws_iam_role_policy",
      "aws_kms_key",
      "aws_cloudtrail",
      "vault_database_secret_backend_connection",
    ]);
    expect(shape.resources[0].slots).toEqual([]);
    expect(shape.resources[1]).toEqual({
      type: "aws_iam_role_policy",
      slots: [
        { path: ["role"], form: "exact", targets: [{ resource: 0, attribute: "name" }] },
        {
          path: ["policy"],
          form: "json",
          targets: [
            { resource: 2, attribute: "arn" },
            { resource: 2, attribute: "arn" },
          ],
        },
      ],
      dependsOn: [2],
    });
    expect(shape.resources[3].slots).toEqual([
      { path: ["cloud_watch_logs_group_arn"], form: "text", targets: [{ resource: 2, attribute: "arn" }] },
      { path: ["event_selector", 0, "data_resource", 0, "values", 0], form: "exact", targets: [{ resource: 0, attribute: "arn" }] },
    ]);
    expect(shape.resources[4].slots).toEqual([
      { path: ["postgresql", "password_wo"], form: "exact", targets: [{ variable: "bootstrap" }] },
    ]);
    expect(shape.outputs).toEqual([
      { name: "role_arn", slots: [{ path: [], form: "exact", targets: [{ resource: 0, attribute: "arn" }] }] },
    ]);
  });

  it("refuses a reference it could not mirror (another stack's resource, a local, a function)", () => {
    expect(() => stackShape({ resource: { aws_kms_alias: { a: { target_key_id: "${aws_kms_key.elsewhere.arn}" } } } })).toThrow(
      /cannot mirror/,
    );
    expect(() => stackShape({ resource: { aws_kms_alias: { a: { name: "${local.x}" } } } })).toThrow(/cannot mirror/);
    expect(() => stackShape({ resource: { aws_kms_alias: { a: { depends_on: ["aws_kms_key.gone"] } } } })).toThrow(
      /not a resource of the stack/,
    );
  });

  it("summarizes resources by type, references (outputs included) and depends_on; the comparison names every difference", () => {
    const summary = summarizeShape(stackShape(stack));
    expect(summary).toEqual({
      resources: 5,
      byType: { aws_cloudtrail: 1, aws_iam_role: 1, aws_iam_role_policy: 1, aws_kms_key: 1, vault_database_secret_backend_connection: 1 },
      references: 7,
      dependsOn: 1,
    });
    expect(compareSummaries({ prod: summary }, { prod: summary })).toEqual([]);
    const fewer = { ...summary, byType: { ...summary.byType, aws_kms_key: 0 }, references: 6 };
    expect(compareSummaries({ prod: summary }, { prod: fewer, dev: summary })).toEqual([
      "stack prod: aws_kms_key: 0 resource(s), the library 1",
      "stack prod: 6 reference(s), the library 7",
      "stack dev: not in the library's output",
    ]);
  });

  it("orders resources after what they reference and depend on, and refuses a cycle", () => {
    const shape = stackShape(stack);
    const order = dependencyOrder(shape.resources);
    expect(order).toEqual([0, 2, 1, 3, 4]);
    const cycle: ShapeResource[] = [
      { type: "a", slots: [{ path: ["x"], form: "exact", targets: [{ resource: 1, attribute: "id" }] }], dependsOn: [] },
      { type: "b", slots: [], dependsOn: [0] },
    ];
    expect(() => dependencyOrder(cycle)).toThrow(/cycle/);
  });

  it("gives every resource of a random acyclic graph exactly once, after all it needs", () => {
    const graph = fc
      .integer({ min: 1, max: 40 })
      .chain((n) =>
        fc.tuple(
          fc.constant(n),
          fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
          fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.boolean()), { maxLength: 80 }),
        ),
      );
    fc.assert(
      fc.property(graph, ([n, rank, edges]) => {
        // An edge from a to b only when b ranks lower: acyclic by construction, in any index order.
        const resources = [...Array(n).keys()].map(
          (): {
            type: string;
            slots: { path: string[]; form: "exact"; targets: { resource: number; attribute: string }[] }[];
            dependsOn: number[];
          } => ({ type: "t", slots: [], dependsOn: [] }),
        );
        for (const [a, b, asDepends] of edges) {
          if (rank[b] >= rank[a]) continue;
          if (asDepends) resources[a].dependsOn.push(b);
          else resources[a].slots.push({ path: ["x"], form: "exact", targets: [{ resource: b, attribute: "id" }] });
        }
        const order = dependencyOrder(resources);
        expect([...order].sort((x, y) => x - y)).toEqual([...Array(n).keys()]);
        const position = new Map(order.map((r, i) => [r, i]));
        for (const [a, b] of edges) if (rank[b] < rank[a]) expect(position.get(b)!).toBeLessThan(position.get(a)!);
      }),
      { numRuns: propertyRuns(100) },
    );
  });
});
