import type { CheckRule, RuleFinding, SynthResource, SynthStack } from "../types";

/*
 * Text is inert (ARCHITECTURE principle 7), checked on what was really synthesized: Terraform
 * evaluates every string of a stack's JSON as a template, so each live `${...}` must be a
 * reference the library made to something declared in the same stack (`${aws_kms_key.x.arn}`,
 * `${var.x}`, `${local.x}`, `${data.t.x.attr}`), and no `%{...}` directive may be live at all.
 * A function call (`${file("/etc/passwd")}`), an undeclared name, a reference into another
 * stack's state, or a directive is spec text that escaped the escaping boundary
 * (lib/constructs/inert-text.ts). The library makes no cross-stack reference either: a
 * `terraform_remote_state` data source or a cdktf cross-stack output is a token of another stack
 * that was resolved (a `${TfToken[...]}` written in spec text).
 *
 * Messages name the place, never the text: it is inventory text and may be hostile or secret.
 */

/** One live template of a Terraform string: its kind and, for `${`, the expression inside. */
export interface LiveTemplate {
  readonly kind: "interpolation" | "directive";
  /** The text between the braces when it is a plain traversal, else undefined. */
  readonly traversal?: string;
}

const TRAVERSAL = /^\s*~?\s*([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[\d+\])*)\s*~?\}/;

/**
 * Every live template of a Terraform string, read as HCL's template scanner reads it: `$${` and
 * `%%{` are escapes (a literal `${`, `%{`), any other `${` or `%{` opens a template.
 */
export function liveTemplates(text: string): LiveTemplate[] {
  const found: LiveTemplate[] = [];
  for (let i = 0; i < text.length; i++) {
    const sign = text[i];
    if (sign !== "$" && sign !== "%") continue;
    if (text[i + 1] === sign && text[i + 2] === "{") {
      i += 2;
      continue;
    }
    if (text[i + 1] !== "{") continue;
    if (sign === "%") {
      found.push({ kind: "directive" });
      i += 1;
      continue;
    }
    const traversal = TRAVERSAL.exec(text.slice(i + 2));
    if (traversal) {
      found.push({ kind: "interpolation", traversal: traversal[1] });
      i += 1 + traversal[0].length;
    } else {
      found.push({ kind: "interpolation" });
      i += 1;
    }
  }
  return found;
}

/** What a stack declares, as the first names of a traversal reach them. */
function declarations(json: Readonly<Record<string, unknown>>): Set<string> {
  const declared = new Set<string>();
  const names = (value: unknown) => (value && typeof value === "object" ? Object.keys(value) : []);
  for (const type of names(json.resource)) {
    for (const name of names((json.resource as Record<string, unknown>)[type])) declared.add(`${type}.${name}`);
  }
  for (const type of names(json.data)) {
    if (type === "terraform_remote_state") continue;
    for (const name of names((json.data as Record<string, unknown>)[type])) declared.add(`data.${type}.${name}`);
  }
  for (const name of names(json.variable)) declared.add(`var.${name}`);
  for (const name of names(json.locals)) declared.add(`local.${name}`);
  return declared;
}

/** The declaration a traversal starts with (`aws_x.y`, `data.t.n`, `var.v`, `local.l`). */
function declarationOf(traversal: string): string {
  const parts = traversal.split(/\.|\[/);
  return parts.slice(0, parts[0] === "data" ? 3 : 2).join(".");
}

/** Why a live template is not the library's, or undefined when it is a declared reference. */
function problem(template: LiveTemplate, declared: ReadonlySet<string>): string | undefined {
  if (template.kind === "directive") return "a live template directive (%{...})";
  if (!template.traversal) return "a live template that is not a plain reference (a function call, an operator or a literal)";
  const root = declarationOf(template.traversal);
  if (root.startsWith("data.terraform_remote_state.")) return "a reference into another stack's state (terraform_remote_state)";
  if (!declared.has(root)) return "a live reference to nothing declared in this stack";
  return undefined;
}

const ID_LIKE = /^[A-Za-z0-9_.:/-]{1,80}$/;

/** A path segment as it may be shown: keys can be inventory text (tag keys), so only id-like ones. */
function segment(key: string): string {
  return ID_LIKE.test(key) ? key : `<redacted, ${key.length} chars>`;
}

/**
 * Where a string sits in a JSON value, rendered only for a finding: `policy`, `tags.<key>`,
 * `rule[0].filter` (a stack has hundreds of thousands of strings and almost never a finding).
 */
interface JsonPath {
  readonly up?: JsonPath;
  /** A key of an object, or an index of an array. */
  readonly step: string | number;
}

function pathText(at: JsonPath | undefined, base: string): string {
  if (!at) return base;
  const parent = pathText(at.up, base);
  if (typeof at.step === "number") return `${parent}[${at.step}]`;
  return parent ? `${parent}.${segment(at.step)}` : segment(at.step);
}

/** Live templates need `${` or `%{`: text without either has none (most text of a stack). */
function mayBeLive(text: string): boolean {
  return text.includes("${") || text.includes("%{");
}

function templateFindings(value: unknown, path: string, declared: ReadonlySet<string>, resource?: SynthResource): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const inspect = (text: string, where: () => string) => {
    if (!mayBeLive(text)) return;
    const problems = liveTemplates(text).flatMap((template) => problem(template, declared) ?? []);
    if (problems.length === 0) return;
    const counts = new Map<string, number>();
    for (const p of problems) counts.set(p, (counts.get(p) ?? 0) + 1);
    const what = [...counts].map(([p, n]) => (n > 1 ? `${n} × ${p}` : p)).join("; ");
    findings.push({ resource, message: `${where()} (${text.length} chars) holds ${what}: Terraform would evaluate inventory text` });
  };
  // Strings (keys included), in document order, each with its path.
  const visit = (node: unknown, at: JsonPath | undefined) => {
    if (typeof node === "string") inspect(node, () => pathText(at, path));
    else if (Array.isArray(node)) node.forEach((item, index) => visit(item, { up: at, step: index }));
    else if (node && typeof node === "object") {
      for (const [key, child] of Object.entries(node)) {
        inspect(key, () => `a key of ${pathText(at, path) || "(stack)"}`);
        visit(child, { up: at, step: key });
      }
    }
  };
  visit(value, undefined);
  return findings;
}

export const etlTf001InertText: CheckRule = {
  id: "ETL-TF-001",
  severity: "error",
  description: "No live template or cross-stack reference in a stack other than references the library made to what the stack declares",
  fix: "spec text enters Terraform only through the plan boundary (lib/constructs/inert-text.ts), which escapes ${ and %{; remove framework token syntax from the inventory; stacks share nothing through state",
  check(stack: SynthStack): RuleFinding[] {
    const declared = declarations(stack.json);
    const findings: RuleFinding[] = [];
    for (const resource of stack.resources) findings.push(...templateFindings(resource.config, "", declared, resource));
    const { resource: _resources, ...rest } = stack.json as Record<string, unknown>;
    findings.push(...templateFindings(rest, "", declared));

    const remoteStates = (stack.json.data as Record<string, Record<string, unknown>> | undefined)?.terraform_remote_state ?? {};
    for (const name of Object.keys(remoteStates)) {
      findings.push({
        message: `data.terraform_remote_state.${segment(name)} reads another stack's state; the library never does, so a token of another stack was resolved here`,
      });
    }
    const outputs = (stack.json.output as Record<string, unknown> | undefined) ?? {};
    for (const name of Object.keys(outputs)) {
      if (name.startsWith("cross-stack-output-")) {
        findings.push({
          message: `output ${segment(name)} hands a value of this stack to another stack; the library never does, so a token of this stack was resolved in another`,
        });
      }
    }
    return findings;
  },
};
