import { toSynthStack } from "../../../lib/checks/synth-stack";
import { etlTf001InertText } from "../../../lib/checks/stack-checks/etl-tf-001-inert-text";
import { noSecretLiteral } from "../../../lib/checks/stack-checks/no-secret-literal";

/*
 * The two rules that read every string of a stack name where a finding sits by its path in the
 * resource (or the stack): indexes, keys (ETL-TF-001 redacts a key that is not id-like), the key of
 * a map itself. Paths are built only for findings; these pin what they read.
 */
/** A fake access key id, assembled so no scanner mistakes the source for a leak (the shape the rule detects). */
const AWS_KEY = ["AKIA", "FAKECANARY", "000000"].join("");
const stack = toSynthStack("prod", {
  resource: {
    aws_kms_key: { key: { description: "k" } },
    aws_iam_policy: {
      p: {
        name: "n",
        policy: "${aws_kms_key.key.arn}",
        statement: [{ Sid: "a" }, { Resource: ["ok", 'arn:${file("/etc/passwd")}'], Note: `id ${AWS_KEY}` }],
        tags: { "team name!": "%{ if x }", owner: "data" },
        "${var.k}": "v",
      },
    },
  },
  output: { o: { value: [`x ${AWS_KEY}`] } },
});

describe("finding paths", () => {
  it("ETL-TF-001 names the path of each live template, keys redacted when not id-like, at any depth", () => {
    expect(etlTf001InertText.check(stack).map((f) => f.message)).toEqual([
      "statement[1].Resource[1] (26 chars) holds a live template that is not a plain reference (a function call, an operator or a literal): Terraform would evaluate inventory text",
      "tags.<redacted, 10 chars> (9 chars) holds a live template directive (%{...}): Terraform would evaluate inventory text",
      "a key of (stack) (8 chars) holds a live reference to nothing declared in this stack: Terraform would evaluate inventory text",
    ]);
  });

  it("ETL-SECRET-001 names the path of each secret-shaped value in a resource and outside resources", () => {
    expect(noSecretLiteral.check(stack).map((f) => f.message)).toEqual([
      "statement[1].Note holds what looks like a AWS access key id",
      "output.o.value[0] holds what looks like a AWS access key id",
    ]);
  });
});
