/*
 * Reads a synthesized cdk.tf.json the way the live harness needs it: resources with their
 * references, an order that respects references and depends_on, and `${...}` resolution for the
 * small subset of Terraform expressions cdktf emits for our stacks (attribute references and
 * variables). Anything else fails loudly: this is a test harness, not a Terraform implementation.
 */
import { readFileSync } from "node:fs";

export interface TerraformJson {
  readonly terraform?: Record<string, unknown>;
  readonly provider?: Record<string, unknown>;
  readonly variable?: Record<
    string,
    { readonly ephemeral?: boolean; readonly sensitive?: boolean; readonly type?: string; readonly default?: unknown }
  >;
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, unknown>;
  readonly output?: Record<string, unknown>;
  readonly ephemeral?: Record<string, unknown>;
  readonly locals?: Record<string, unknown>;
  readonly module?: Record<string, unknown>;
}

export interface StackResource {
  /** `<type>.<name>` */
  readonly address: string;
  readonly type: string;
  readonly name: string;
  /** The body as synthesized (references unresolved), without meta-arguments. */
  readonly body: Readonly<Record<string, unknown>>;
  /** `provider` meta-argument (`vault` or `vault.<alias>`). */
  readonly provider: string;
  /** Addresses this resource refers to or depends on. */
  readonly dependsOn: readonly string[];
}

const META_ARGUMENTS = new Set(["depends_on", "lifecycle", "provider", "count", "for_each", "provisioner", "connection", "//"]);

export function readTerraformJson(file: string): TerraformJson {
  return JSON.parse(readFileSync(file, "utf8")) as TerraformJson;
}

const TOKEN = /\$\{([^}]*)\}/g;

/** Every `${...}` expression inside a value. */
function expressions(value: unknown, into: string[] = []): string[] {
  if (typeof value === "string") for (const match of value.matchAll(TOKEN)) into.push(match[1].trim());
  else if (Array.isArray(value)) for (const item of value) expressions(item, into);
  else if (value && typeof value === "object") for (const item of Object.values(value)) expressions(item, into);
  return into;
}

const REFERENCE = /^([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)(?:\.([A-Za-z0-9_]+))?$/;

/** Resource address of a reference expression (`vault_mount.x.path` → `vault_mount.x`); undefined for `var.*`. */
function referencedAddress(expression: string): string | undefined {
  const match = REFERENCE.exec(expression);
  if (!match) {
    throw new Error(
      `unsupported Terraform expression \${${expression}}: the live applier resolves only attribute references and variables`,
    );
  }
  if (match[1] === "var") return undefined;
  if (["data", "local", "module", "ephemeral", "each", "count", "path", "terraform", "self"].includes(match[1])) {
    throw new Error(`unsupported reference \${${expression}}: the live applier resolves only resource attributes and variables`);
  }
  return `${match[1]}.${match[2]}`;
}

/** The stack's resources in apply order: dependencies first, then by address (deterministic). */
export function stackResources(stack: TerraformJson): StackResource[] {
  // `locals` are allowed as inert data (the library writes facts there for the analysis); a
  // reference to one fails in referencedAddress.
  for (const block of ["data", "module", "ephemeral"] as const) {
    if (stack[block] && Object.keys(stack[block]!).length > 0) {
      throw new Error(`the stack has a "${block}" block, which the live applier does not support`);
    }
  }
  const resources = new Map<string, StackResource>();
  for (const [type, byName] of Object.entries(stack.resource ?? {})) {
    for (const [name, raw] of Object.entries(byName)) {
      const address = `${type}.${name}`;
      if (raw.count !== undefined || raw.for_each !== undefined)
        throw new Error(`${address}: count/for_each are not supported by the live applier`);
      const body: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(raw)) if (!META_ARGUMENTS.has(key)) body[key] = value;
      const refs = new Set<string>();
      for (const expression of expressions(body)) {
        const target = referencedAddress(expression);
        if (target) refs.add(target);
      }
      for (const dep of (raw.depends_on as string[] | undefined) ?? []) {
        const target = referencedAddress(dep.replace(/^\$\{|\}$/g, ""));
        if (target) refs.add(target);
      }
      resources.set(address, {
        address,
        type,
        name,
        body,
        provider: (raw.provider as string | undefined)?.replace(/^\$\{|\}$/g, "") ?? type.split("_")[0],
        dependsOn: [...refs].sort(),
      });
    }
  }
  // Kahn's algorithm with a sorted ready set, so the order never depends on the JSON's key order.
  const order: StackResource[] = [];
  const remaining = new Map([...resources.values()].map((r) => [r.address, new Set(r.dependsOn)]));
  for (const [address, deps] of remaining) {
    for (const dep of deps) if (!resources.has(dep)) throw new Error(`${address} refers to ${dep}, which is not in the stack`);
  }
  while (remaining.size > 0) {
    const ready = [...remaining]
      .filter(([, deps]) => deps.size === 0)
      .map(([address]) => address)
      .sort();
    if (ready.length === 0) throw new Error(`dependency cycle among ${[...remaining.keys()].join(", ")}`);
    for (const address of ready) {
      order.push(resources.get(address)!);
      remaining.delete(address);
      for (const deps of remaining.values()) deps.delete(address);
    }
  }
  return order;
}

export interface ResolveScope {
  /** Attribute values of applied resources, by address (configured and computed attributes). */
  readonly resources: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  /** Variable values (`TF_VAR_<name>`, or given by the harness). */
  readonly variables: Readonly<Record<string, unknown>>;
  /** Variables the stack declares. */
  readonly declared: TerraformJson["variable"];
}

function lookup(expression: string, scope: ResolveScope): unknown {
  const match = REFERENCE.exec(expression)!;
  if (match[1] === "var") {
    const name = match[2];
    const declared = scope.declared?.[name];
    if (!declared) throw new Error(`\${var.${name}} is not declared by the stack`);
    if (name in scope.variables) return scope.variables[name];
    if ("default" in declared) return declared.default;
    throw new Error(`variable ${name} has no value: pass it as TF_VAR_${name}`);
  }
  const attrs = scope.resources.get(`${match[1]}.${match[2]}`);
  if (!attrs) throw new Error(`\${${expression}}: ${match[1]}.${match[2]} was not applied before its dependent`);
  const attribute = match[3] ?? "id";
  if (!(attribute in attrs) || attrs[attribute] === undefined) {
    throw new Error(`\${${expression}}: attribute ${attribute} of ${match[1]}.${match[2]} is unknown to the live applier`);
  }
  return attrs[attribute];
}

/** Resolves `${...}` in a value: a whole-string expression keeps its type, an embedded one is interpolated. */
export function resolveValue(value: unknown, scope: ResolveScope): unknown {
  if (typeof value === "string") {
    const whole = /^\$\{([^}]*)\}$/.exec(value);
    if (whole) return lookup(whole[1].trim(), scope);
    return value.replace(TOKEN, (_, expression: string) => {
      const resolved = lookup(expression.trim(), scope);
      if (typeof resolved === "object") throw new Error(`\${${expression}} is not a scalar and cannot be interpolated into a string`);
      return String(resolved);
    });
  }
  if (Array.isArray(value)) return value.map((item) => resolveValue(item, scope));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveValue(item, scope)]));
  }
  return value;
}

/** Provider blocks of a type, by alias (`vault` for the default, `vault.<alias>` otherwise). */
export function providerConfigs(stack: TerraformJson, type: string): Map<string, Record<string, unknown>> {
  const raw = stack.provider?.[type];
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []) as Record<string, unknown>[];
  return new Map(list.map((config) => [config.alias ? `${type}.${String(config.alias)}` : type, config]));
}
