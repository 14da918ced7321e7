import fc from "fast-check";
import { App, Lazy, Token } from "cdktf";
import { inertPlan, inertText, InertTextError, terraformEscaped, terraformEscapedText } from "../../lib/constructs/inert-text";
import { EnvironmentStack } from "../../lib/constructs/stacks/environment-stack";
import * as frameworkTokens from "../../lib/inventory/cross-field/framework-tokens";
import { frameworkTokenIn, frameworkTokenNumber } from "../../lib/inventory/cross-field/framework-tokens";
import { synthFiles, stackJson } from "../support/synth";
import { environmentPlan, fixturePlan } from "./aws/support";
import { allStrings, HOSTILE, hostileFixture, readTemplate } from "./hostile-text";
import { propertyRuns } from "../support/property-runs";

/** Live templates of every string of every stack, each as its first 120 characters. */
function liveTemplatesOf(files: Map<string, string>): string[] {
  const live: string[] = [];
  for (const [file, base64] of files) {
    if (!file.endsWith("cdk.tf.json")) continue;
    for (const text of allStrings(JSON.parse(Buffer.from(base64, "base64").toString("utf8")))) {
      for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if ((c === "$" || c === "%") && text.startsWith(`${c}${c}{`, i)) i += 2;
        else if ((c === "$" || c === "%") && text[i + 1] === "{") live.push(text.slice(i, i + 120));
      }
    }
  }
  return live;
}

describe("spec text is inert in the synthesized stacks", () => {
  it.each(["acme.yaml", "realworld.yaml"] as const)(
    "%s: a file read and a directive in every free-text field reach cdk.tf.json only escaped, and the library's references stay live",
    (name) => {
      const { inventory, fields } = hostileFixture(name);
      // Hosts, database names and usernames are validated as what they are, so they take no template text.
      expect(fields.length).toBeGreaterThan(20);
      const files = synthFiles(inventory);
      const live = liveTemplatesOf(files);
      // Only the library's references: `${<type>.<name>...}` or `${var.x}`, never the hostile text.
      expect(live.filter((t) => t.startsWith("${file(") || t.startsWith("%{"))).toEqual([]);
      expect(live.filter((t) => !/^\$\{[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+/.test(t))).toEqual([]);
      expect(live.some((t) => t.startsWith("${aws_kms_key."))).toBe(true);
      // The hostile text did reach the stacks, as literal text Terraform gives back unchanged.
      const literals = [...files.entries()]
        .filter(([file]) => file.endsWith("cdk.tf.json"))
        .flatMap(([, b64]) => allStrings(JSON.parse(Buffer.from(b64, "base64").toString("utf8"))))
        .map((text) => readTemplate(text).literal);
      expect(literals.filter((text) => text.includes(HOSTILE)).length).toBeGreaterThan(20);
      // The library's own IAM policy variable is escaped once, not twice.
      expect(literals.some((text) => text.includes("$${aws:PrincipalTag/environment}"))).toBe(false);
    },
  );

  it("a purpose reads back exactly as written from the secret's description and the Vault metadata", () => {
    const { inventory, document } = hostileFixture("acme.yaml");
    const prod = stackJson(synthFiles(inventory), "prod");
    const purpose = (id: string) => document.connectors.find((c: { id: string }) => c.id === id).purpose as string;
    expect(purpose("billing-mysql").endsWith(HOSTILE)).toBe(true);
    const secret = Object.values(prod.resource.aws_secretsmanager_secret as Record<string, any>).find(
      (s) => s.name === "acme-data/prod/billing-mysql/main",
    );
    expect(readTemplate(secret.description)).toEqual({ literal: purpose("billing-mysql"), live: 0 });
    const metadata =
      JSON.stringify(prod.resource.vault_kv_secret_backend_v2 ?? {}) + JSON.stringify(prod.resource.vault_generic_endpoint ?? {});
    expect(metadata).not.toMatch(/[^$]\$\{file\(/);
  });
});

describe("the plan boundary", () => {
  it("makes every string and key of a plan inert and keeps its shape, sharing and lengths", () => {
    const shared = { text: "a ${x} %{y}" };
    const plan = { list: [shared, shared], map: { "k${z}": 1, plain: true }, n: 3 };
    const inert = inertPlan(plan);
    expect(inert.list[0]).toBe(inert.list[1]);
    expect(inert.list[0].text).toHaveLength(shared.text.length);
    expect(inert.list[0].text).not.toMatch(/[$%]\{/);
    expect(Object.keys(inert.map).map(terraformEscapedText)).toEqual(["k$${z}", "plain"]);
    expect(terraformEscapedText(inert.list[0].text)).toBe("a $${x} %%{y}");
    expect(plan.list[0].text).toBe("a ${x} %{y}");
  });

  it("refuses a plan that carries a framework token, naming the plan path and never the text", () => {
    const app = new App({ outdir: "/tmp/unused-inert-test" });
    const plan = fixturePlan("acme.yaml");
    const dev = environmentPlan(plan, "dev");
    const marker = Lazy.stringValue({ produce: () => "x" });
    const hostile = JSON.parse(
      JSON.stringify(dev).split("Hourly sync of invoices from the billing service").join(`secret-canary ${marker}`),
    );
    let error: unknown;
    try {
      new EnvironmentStack(app, { plan: hostile });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InertTextError);
    expect((error as Error).message).toMatch(/^plan text at plan\.[\w.[\]-]+ holds a cdktf string token marker/);
    expect((error as Error).message).not.toContain("secret-canary");
  });

  it("looks for framework tokens once per distinct text of a plan, however often the plan repeats it", () => {
    const check = jest.spyOn(frameworkTokens, "frameworkTokenIn");
    try {
      const plan = { environments: Array.from({ length: 50 }, (_, i) => ({ name: "prod", host: "db.internal", index: i })) };
      const inert = inertPlan(plan);
      expect(inert.environments[49]).toEqual({ name: "prod", host: "db.internal", index: 49 });
      // "environments", "name", "prod", "host", "db.internal", "index"
      expect(check).toHaveBeenCalledTimes(6);
    } finally {
      check.mockRestore();
    }
  });

  it("names the plan path of a refused value or key, at any depth", () => {
    const token = Lazy.stringValue({ produce: () => "x" });
    const refused = (plan: unknown) => {
      try {
        inertPlan(plan);
      } catch (error) {
        return (error as Error).message;
      }
      return "accepted";
    };
    expect(refused({ a: [{ ok: "fine" }, { "bad key!": `x ${token}` }] })).toBe(
      "plan text at plan.a[1].<key> holds a cdktf string token marker (${TfToken[...]}); spec text must never be resolved by the framework (validation refuses it)",
    );
    expect(refused({ a: { b: [1, { [`k${token}`]: 1 }] } })).toMatch(
      /^plan text at a key of plan\.a\.b\[1\] holds a cdktf string token marker/,
    );
    expect(refused({ same: "ok", again: { text: "ok", later: [`${token}`] } })).toMatch(/^plan text at plan\.again\.later\[0\] holds/);
    expect(refused({ n: [Token.asNumber(Lazy.numberValue({ produce: () => 1 }))] })).toMatch(
      /^plan text at plan\.n\[0\] holds a cdktf number token/,
    );
  });

  it("writes Terraform escapes copying only the objects and arrays that hold inert text, never changing its input", () => {
    const untouched = { tags: { owner: "data" }, list: ["a", 1, null] };
    const inert = inertText("a ${x}");
    const json = { resource: { plain: untouched, escaped: { description: inert, keys: { [inertText("k${y}")]: true } } }, n: 1 };
    const before = JSON.stringify(json);
    const written = terraformEscaped(json);
    expect(written).toEqual({ resource: { plain: untouched, escaped: { description: "a $${x}", keys: { "k$${y}": true } } }, n: 1 });
    expect(written.resource.plain).toBe(untouched);
    expect(written).not.toBe(json);
    expect(JSON.stringify(json)).toBe(before);
    expect(terraformEscaped(untouched)).toBe(untouched);
  });

  it("a lone `$` cut off from its `{` is written back as a plain `$`", () => {
    expect(terraformEscapedText(inertText("cost ${").slice(0, 6))).toBe("cost $");
  });

  it("round-trips any text: Terraform reads back exactly the spec text, with no live template", () => {
    const alphabet = fc.constantFrom("$", "%", "{", "}", "$$", "%%", "${", "%{", "a", " ", "\\", '"', "~", "\n");
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 40 }).map((parts) => parts.join("")),
        (text) => {
          const written = terraformEscapedText(inertText(text));
          expect(readTemplate(written)).toEqual({ literal: text, live: 0 });
        },
      ),
      { numRuns: propertyRuns(2000), seed: 11 },
    );
  });
});

describe("framework token encodings mirrored from cdktf", () => {
  it("recognizes every kind of real cdktf token, as text and as numbers", () => {
    const resolvable = { resolve: () => "x" };
    expect(frameworkTokenIn(`a ${Token.asString(resolvable)} b`)).toMatch(/string token/);
    expect(frameworkTokenIn(Token.asList(resolvable)[0])).toMatch(/list token/);
    expect(frameworkTokenIn(Object.keys(Token.asStringMap(resolvable))[0])).toMatch(/map token/);
    expect(frameworkTokenIn(`port ${Token.asNumber(resolvable)}`)).toMatch(/number token/);
    expect(frameworkTokenNumber(Token.asNumber(resolvable))).toMatch(/number token/);
    expect(frameworkTokenNumber(Token.asNumberList(resolvable)[0])).toMatch(/number token/);
    expect(frameworkTokenIn(Token.STRING_MAP_TOKEN_VALUE)).toMatch(/placeholder/);
    expect(frameworkTokenIn(Token.ANY_MAP_TOKEN_VALUE)).toMatch(/placeholder/);
    expect(frameworkTokenNumber(Token.NUMBER_MAP_TOKEN_VALUE)).toMatch(/placeholder/);
  });

  it("finds a real token wherever it sits in text, and leaves text without token syntax alone", () => {
    const token = Token.asString({ resolve: () => "x" });
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        expect(frameworkTokenIn(`${before}${token}${after}`)).toBeDefined();
        const plain = `${before}${after}`;
        if (!/[$#&]\{|[\uE000\uE001]|Token Value|\de/.test(plain)) expect(frameworkTokenIn(plain)).toBeUndefined();
      }),
      { numRuns: propertyRuns(1000), seed: 11 },
    );
    expect(frameworkTokenNumber(5432)).toBeUndefined();
    expect(frameworkTokenIn("1e300, -1e5 and 2.5e10; ${file(x)} %{ if }")).toBeUndefined();
  });
});
