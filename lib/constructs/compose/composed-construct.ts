import {
  DefaultTokenResolver,
  StringConcat,
  TerraformDataSource,
  TerraformElement,
  TerraformLocal,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
  Token,
  Tokenization,
} from "cdktf";
import { Construct, type IConstruct } from "constructs";
import { ChecksSession, type CheckableStack } from "../../checks/validation";
import type { Suppression, SynthStack } from "../../checks/types";
import { vaultClusterIdentity } from "../../inventory/vault-address";
import { terraformEscaped } from "../inert-text";

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** What the Vault provider a composed construct uses must be. */
export interface ExpectedVaultProvider {
  readonly address: string;
  /** The namespace the provider must work in; undefined: the root namespace. */
  readonly namespace?: string;
}

/** What the AWS provider a composed construct uses must be. */
export interface ExpectedAwsProvider {
  readonly region: string;
  readonly accountId: string;
}

export interface ComposedChecks {
  /** The inventory's suppressions; targets naming the library's own stack are read as this construct. */
  readonly suppressions: readonly Suppression[];
  /** The library stack this construct stands for (environment, cluster or account stack name). */
  readonly stackName: string;
  readonly environment?: SynthStack["environment"];
}

/**
 * Base of the constructs a team composes into a TerraformStack of its own. It never touches the
 * stack's own settings (backend, providers, required_version) nor the team's resources; it
 * - binds the library's resources to the Vault and AWS providers it is given (or the stack's default
 *   ones) and fails synth, naming the construct, when a provider is missing or configured for
 *   another namespace, region or account;
 * - writes the library's inert spec text as Terraform escapes (`$${`, `%%{`) in the JSON of its own
 *   elements only (../inert-text.ts; an EtlStack does it for its whole JSON);
 * - runs the secure-default checks on its own elements only (a node validation on this construct);
 * - fails synth when one of its elements has the logical id of an element outside it (the team's
 *   own output, local or resource, or a second construct's).
 */
export abstract class ComposedConstruct extends Construct {
  /** The team's stack this construct renders into. */
  protected readonly hostStack: TerraformStack;
  private scoped?: Record<string, unknown>;
  private session?: ChecksSession;

  /** The secure-default checks of this construct's own elements (findings after synth); undefined when switched off. */
  get checks(): ChecksSession | undefined {
    return this.session;
  }

  protected constructor(scope: Construct, id: string) {
    super(scope, id);
    this.hostStack = TerraformStack.of(this);
  }

  /** Every Terraform element of this construct (resources, data, locals, variables, outputs). */
  protected ownElements(): TerraformElement[] {
    return this.node
      .findAll()
      .filter((c): c is TerraformElement => TerraformElement.isTerraformElement(c) && !TerraformProvider.isTerraformProvider(c));
  }

  /**
   * Call once, at the end of the subclass constructor, when every element exists.
   */
  protected finish(settings: {
    readonly vaultProvider?: TerraformProvider;
    readonly awsProvider?: TerraformProvider;
    readonly expectVault?: ExpectedVaultProvider;
    readonly expectAws?: ExpectedAwsProvider;
    readonly checks?: ComposedChecks;
  }): void {
    const elements = this.ownElements();
    this.bindProviders(elements, "vault", settings.expectVault, settings.vaultProvider);
    this.bindProviders(elements, "aws", settings.expectAws, settings.awsProvider);
    for (const element of elements) {
      const original = element.toTerraform.bind(element);
      // Resolved here, then escaped: resolving again in the stack leaves plain text as it is.
      element.toTerraform = () =>
        terraformEscaped(Tokenization.resolve(original(), { scope: this.hostStack, preparing: false, resolver: RESOLVER }));
    }
    this.node.addValidation({ validate: () => this.clashes(elements) });
    if (settings.checks) this.addChecks(settings.checks);
  }

  private bindProviders(
    elements: readonly TerraformElement[],
    name: "vault" | "aws",
    expected: ExpectedVaultProvider | ExpectedAwsProvider | undefined,
    given: TerraformProvider | undefined,
  ): void {
    const resources = elements.filter(
      (e): e is TerraformResource | TerraformDataSource =>
        (e instanceof TerraformResource || e instanceof TerraformDataSource) && e.terraformGeneratorMetadata?.providerName === name,
    );
    if (resources.length === 0) return;
    if (given) {
      if (given.terraformResourceType !== name)
        throw new Error(`${this.node.path}: ${name}Provider must be a ${name} provider, got a ${given.terraformResourceType} provider`);
      for (const resource of resources) resource.provider = given;
    }
    this.node.addValidation({
      validate: () => {
        const provider = given ?? this.defaultProvider(name);
        if (!provider) {
          return [
            `${this.node.path}: needs a ${name === "vault" ? "Vault" : "AWS"} provider: pass ${name}Provider, or declare a ${name} provider without alias in stack ${this.hostStack.node.id}`,
          ];
        }
        return name === "vault"
          ? this.vaultProviderProblems(provider, expected as ExpectedVaultProvider)
          : this.awsProviderProblems(provider, expected as ExpectedAwsProvider);
      },
    });
  }

  private defaultProvider(name: string): TerraformProvider | undefined {
    return this.hostStack.node
      .findAll()
      .find(
        (c): c is TerraformProvider =>
          TerraformProvider.isTerraformProvider(c) && c.terraformResourceType === name && !(c as unknown as { alias?: string }).alias,
      );
  }

  private vaultProviderProblems(provider: TerraformProvider, expected: ExpectedVaultProvider | undefined): string[] {
    if (!expected) return [];
    const { address, namespace } = provider as unknown as { address?: string; namespace?: string };
    const problems: string[] = [];
    const want = expected.namespace ?? "";
    const where = expected.namespace ? `namespace ${expected.namespace}` : "the root namespace";
    if (namespace !== undefined && Token.isUnresolved(namespace)) {
      problems.push(
        `${this.node.path}: the Vault provider's namespace is not a literal, so it cannot be shown to be ${where}; configure the provider with namespace "${want}"`,
      );
    } else if ((namespace ?? "").replace(/^\/+|\/+$/g, "") !== want) {
      problems.push(
        `${this.node.path}: the Vault provider works in ${namespace ? `namespace ${namespace}` : "the root namespace"}, but the Vault objects it renders live in ${where}; pass a Vault provider configured with ${expected.namespace ? `namespace "${want}"` : "no namespace"}`,
      );
    }
    if (address !== undefined && !Token.isUnresolved(address)) {
      const have = vaultClusterIdentity(address)?.key;
      const need = vaultClusterIdentity(expected.address)?.key;
      if (have !== need)
        problems.push(
          `${this.node.path}: the Vault provider's address reaches ${have ?? "no cluster"}, the inventory's environment is on ${need}`,
        );
    }
    return problems;
  }

  private awsProviderProblems(provider: TerraformProvider, expected: ExpectedAwsProvider | undefined): string[] {
    if (!expected) return [];
    const { region, allowedAccountIds, forbiddenAccountIds } = provider as unknown as {
      region?: string;
      allowedAccountIds?: string[];
      forbiddenAccountIds?: string[];
    };
    const problems: string[] = [];
    if (region === undefined || Token.isUnresolved(region) || region !== expected.region) {
      problems.push(
        `${this.node.path}: the AWS provider's region is ${region === undefined ? "not set" : Token.isUnresolved(region) ? "not a literal" : region}; the inventory's ARNs and policies are for ${expected.region}: configure the provider with region "${expected.region}"`,
      );
    }
    const literal = (list?: string[]) => (list && !Token.isUnresolved(list) ? list : undefined);
    const allowed = literal(allowedAccountIds);
    if (allowed && !allowed.includes(expected.accountId))
      problems.push(`${this.node.path}: the AWS provider's allowed_account_ids exclude the inventory's account ${expected.accountId}`);
    if (literal(forbiddenAccountIds)?.includes(expected.accountId))
      problems.push(`${this.node.path}: the AWS provider's forbidden_account_ids include the inventory's account ${expected.accountId}`);
    return problems;
  }

  /** Keys of an element in the stack's JSON: two elements with one key would overwrite each other. */
  private static keyOf(element: TerraformElement): string | undefined {
    if (element instanceof TerraformResource) return `resource ${element.terraformResourceType}.${element.friendlyUniqueId}`;
    if (element instanceof TerraformDataSource) return `data ${element.terraformResourceType}.${element.friendlyUniqueId}`;
    if (element instanceof TerraformOutput) return `output ${element.friendlyUniqueId}`;
    if (element instanceof TerraformLocal) return `local ${element.friendlyUniqueId}`;
    if (element instanceof TerraformVariable) return `variable ${element.friendlyUniqueId}`;
    return undefined;
  }

  private clashes(own: readonly TerraformElement[]): string[] {
    const mine = new Set<IConstruct>(own);
    const taken = new Map<string, string>();
    for (const element of this.hostStack.node.findAll()) {
      if (mine.has(element) || !TerraformElement.isTerraformElement(element)) continue;
      const key = ComposedConstruct.keyOf(element);
      if (key) taken.set(key, element.node.path);
    }
    return own.flatMap((element) => {
      const key = ComposedConstruct.keyOf(element);
      const other = key ? taken.get(key) : undefined;
      return other
        ? [
            `${this.node.path}: ${key} of ${element.node.path} is also declared by ${other}; give the other one another name${key!.startsWith("output ") ? ", or this construct another output prefix" : ", or render this construct into another stack"}`,
          ]
        : [];
    });
  }

  /**
   * The stack's final JSON restricted to this construct's own elements: what the checks judge.
   * Computed once (validations run once per synth).
   */
  protected scopedJson(): Record<string, unknown> {
    if (this.scoped) return this.scoped;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- cdktf's synthesized JSON (toTerraform returns any), walked by key
    const full = this.hostStack.toTerraform() as Record<string, any>;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the same JSON's shape, rebuilt block by block
    const out: Record<string, any> = {};
    const put = (block: string, path: string[], value: unknown) => {
      if (value === undefined) return;
      let at = (out[block] ??= {});
      for (const key of path.slice(0, -1)) at = at[key] ??= {};
      at[path[path.length - 1]] = value;
    };
    for (const element of this.ownElements()) {
      const id = element.friendlyUniqueId;
      if (element instanceof TerraformResource)
        put("resource", [element.terraformResourceType, id], full.resource?.[element.terraformResourceType]?.[id]);
      else if (element instanceof TerraformDataSource)
        put("data", [element.terraformResourceType, id], full.data?.[element.terraformResourceType]?.[id]);
      else if (element instanceof TerraformOutput) put("output", [id], full.output?.[id]);
      else if (element instanceof TerraformLocal) put("locals", [id], full.locals?.[id]);
      else if (element instanceof TerraformVariable) put("variable", [id], full.variable?.[id]);
    }
    this.scoped = out;
    return out;
  }

  private addChecks(checks: ComposedChecks): void {
    const own = this.node.path;
    // A suppression written for the library's own stack (`prod`, `prod/vault/...`) means the same
    // objects here (`<team stack>/<id>/vault/...`); suppressions of other stacks do not apply.
    const suppressions = checks.suppressions.flatMap((s): Suppression[] => {
      if (s.target === undefined) return [s];
      if (s.target === checks.stackName) return [{ ...s, target: own }];
      if (s.target.startsWith(`${checks.stackName}/`)) return [{ ...s, target: `${own}${s.target.slice(checks.stackName.length)}` }];
      return [];
    });
    const checkable: CheckableStack = { node: this.node, with: this.with.bind(this), synthesizedJson: () => this.scopedJson() };
    this.session = new ChecksSession([checkable], {
      suppressions,
      environmentOf: () => checks.environment,
      reportUnusedSuppressions: false,
    });
  }
}

/**
 * Default tags on each taggable resource under a scope (the resource's own tags win), where the
 * library's own stacks set them as the provider's `default_tags`: the team's provider keeps its own.
 */
export function applyDefaultTags(scope: IConstruct, tags: Readonly<Record<string, string>>): void {
  if (Object.keys(tags).length === 0) return;
  for (const child of scope.node.findAll()) {
    const taggable = child as unknown as { tagsInput?: Record<string, string>; tags?: Record<string, string> };
    if (!("tagsInput" in taggable) || (taggable.tagsInput !== undefined && Token.isUnresolved(taggable.tagsInput))) continue;
    taggable.tags = { ...tags, ...(taggable.tagsInput ?? {}) };
  }
}
