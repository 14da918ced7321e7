/*
 * The reference resolver keeps what it resolved (every secret names its KMS key's ARN; the key id is
 * hashed once), and keeping must change nothing: on random reference graphs, cycles and cross-stack
 * outputs included, one resolver asked for every resource in any order gives, resource for
 * resource, what a fresh resolver gives when asked for that resource alone.
 */
import fc from "fast-check";
import { indexStack, ReferenceResolver, type StackIndex } from "../../../lib/analysis/access-model/references";
import { propertyRuns } from "../../support/property-runs";

const RUNS = propertyRuns(500, { light: 100 });

function stack(name: string, json: Record<string, unknown>): StackIndex {
  return indexStack({ name, file: `${name}/cdk.tf.json`, json });
}

const PROVIDER = { aws: [{ region: "eu-west-1", allowed_account_ids: ["111111111111"] }] };

describe("ReferenceResolver", () => {
  it("resolves a KMS key's ARN to one synthetic key id wherever it is named", () => {
    const secrets = Object.fromEntries(
      Array.from({ length: 5 }, (_, i) => [`s${i}`, { name: `acme/prod/s${i}`, kms_key_id: "${aws_kms_key.secrets.arn}" }]),
    );
    const prod = stack("prod", { provider: PROVIDER, resource: { aws_kms_key: { secrets: {} }, aws_secretsmanager_secret: secrets } });
    const resolver = new ReferenceResolver([prod]);
    const keys = prod.resources.filter((r) => r.type === "aws_secretsmanager_secret").map((r) => resolver.config(prod, r).kms_key_id);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^arn:aws:kms:eu-west-1:111111111111:key\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(resolver.opaque).toEqual([]);
  });

  it("leaves a cycle as it is, whichever member is asked for first", () => {
    const json = {
      provider: PROVIDER,
      resource: {
        aws_iam_role: {
          a: { name: "${aws_iam_role.b.name}-a" },
          b: { name: "${aws_iam_role.a.name}-b" },
          c: { name: "c", description: "${aws_iam_role.a.arn}" },
        },
      },
    };
    for (const order of [
      ["a", "b", "c"],
      ["c", "b", "a"],
    ]) {
      const prod = stack("prod", json);
      const resolver = new ReferenceResolver([prod]);
      const byName = Object.fromEntries(order.map((name) => [name, resolver.config(prod, prod.byAddress.get(`aws_iam_role.${name}`)!)]));
      expect(byName.c.description).toBe("${aws_iam_role.a.arn}");
      expect(byName.a.name).toMatch(/^\$\{aws_iam_role\.b\.name\}-a$|^\$\{aws_iam_role\.a\.name\}-b-a$/);
    }
  });

  it("gives every resource, asked in any order, what a fresh resolver gives for it alone", () => {
    const NAMES = ["a", "b", "c", "d", "e"];
    const reference = fc.oneof(
      fc.record({ kind: fc.constant("role" as const), target: fc.constantFrom(...NAMES), attribute: fc.constantFrom("name", "arn", "id") }),
      fc.record({ kind: fc.constant("key" as const), attribute: fc.constantFrom("arn", "key_id") }),
      fc.record({ kind: fc.constant("output" as const), target: fc.constantFrom(...NAMES) }),
    );
    const role = fc.record({ literal: fc.constantFrom("x", "y", ""), refs: fc.array(reference, { maxLength: 2 }) });
    const graph = fc.record({
      prod: fc.tuple(...NAMES.map(() => role)),
      shared: fc.tuple(...NAMES.map(() => role)),
      order: fc.shuffledSubarray([...NAMES.map((n) => `prod:${n}`), ...NAMES.map((n) => `shared:${n}`)], { minLength: 10, maxLength: 10 }),
    });
    type Reference =
      { kind: "role"; target: string; attribute: string } | { kind: "key"; attribute: string } | { kind: "output"; target: string };
    const text = (node: { literal: string; refs: readonly Reference[] }) =>
      node.literal +
      node.refs
        .map((ref) =>
          ref.kind === "role"
            ? `-\${aws_iam_role.${ref.target}.${ref.attribute}}`
            : ref.kind === "key"
              ? `-\${aws_kms_key.k.${ref.attribute}}`
              : `-\${data.terraform_remote_state.shared.outputs.out_${ref.target}}`,
        )
        .join("");
    fc.assert(
      fc.property(graph, ({ prod, shared, order }) => {
        const build = () => {
          const stacks = (["prod", "shared"] as const).map((name) => {
            const nodes = name === "prod" ? prod : shared;
            const roles = Object.fromEntries(NAMES.map((n, i) => [n, { name: text(nodes[i]) || n, path: "/etl/" }]));
            const outputs =
              name === "shared" ? Object.fromEntries(NAMES.map((n) => [`out_${n}`, { value: `\${aws_iam_role.${n}.arn}` }])) : {};
            return stack(name, { provider: PROVIDER, resource: { aws_iam_role: roles, aws_kms_key: { k: {} } }, output: outputs });
          });
          return { stacks, byName: new Map(stacks.map((s) => [s.name, s])) };
        };
        const ask = (resolver: ReferenceResolver, stacks: Map<string, StackIndex>, key: string) => {
          const [stackName, role] = key.split(":");
          const index = stacks.get(stackName)!;
          return resolver.config(index, index.byAddress.get(`aws_iam_role.${role}`)!);
        };
        const kept = build();
        const one = new ReferenceResolver(kept.stacks);
        for (const key of order) {
          const fresh = build();
          expect(ask(one, kept.byName, key)).toEqual(ask(new ReferenceResolver(fresh.stacks), fresh.byName, key));
        }
      }),
      { numRuns: RUNS, seed: 20261206 },
    );
  });
});
