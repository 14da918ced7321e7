/*
 * The server-identity resolver: what each resource writes, named the way Vault and AWS name it,
 * re-derived from the synthesized JSON without the library's naming code.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  collidingObjects,
  serverObjectsOfDir,
  serverObjectsOfJson,
  serverObjectsOfStacks,
  vaultClusterIdentity,
  type ServerObject,
} from "../../../lib/analysis/identity";
import type { StackFile } from "../../../lib/analysis/access-model/synth-dir";
import { SynthDirs } from "../../support/analysis/synth-dirs";

function stack(
  name: string,
  provider: Record<string, unknown>,
  resource: Record<string, Record<string, Record<string, unknown>>>,
): StackFile {
  return { name, file: `${name}/cdk.tf.json`, json: { "//": { metadata: { stackName: name } }, terraform: {}, provider, resource } };
}

function keysOf(objects: readonly ServerObject[]): string[] {
  return objects.map((o) => o.key);
}

describe("vaultClusterIdentity", () => {
  it.each([
    "https://vault.acme.example:8200",
    "https://VAULT.acme.example",
    "https://vault.acme.example:443/",
    "https://vault.acme.example.",
    "http://Vault.Acme.Example:8200/",
    "vault.acme.example",
  ])("%s is the cluster vault.acme.example", (address) => {
    expect(vaultClusterIdentity(address)).toBe("vault.acme.example");
  });

  it("keeps a non-default port: another listener is another server", () => {
    expect(vaultClusterIdentity("https://vault.acme.example:8201")).toBe("vault.acme.example:8201");
  });
});

describe("Vault objects as Vault resolves them", () => {
  const vault = (address: string, namespace?: string) => ({ vault: [{ address, ...(namespace ? { namespace } : {}) }] });

  it("names roles, policies, mounts and namespaces by their API paths in the joined namespace", () => {
    const objects = serverObjectsOfStacks([
      stack("dev", vault("https://VAULT.acme.example", "etl"), {
        vault_database_secret_backend_role: { r: { backend: "database", name: "shop-main-x-y", namespace: "dev" } },
        vault_approle_auth_backend_role: { a: { backend: "approle", role_name: "Orders-Nightly" } },
        vault_policy: { p: { name: "Dev-Consumer", policy: "" } },
        vault_mount: { m: { path: "kv", type: "kv" } },
        vault_namespace: { n: { path: "child" } },
        vault_generic_endpoint: { g: { path: "kv/metadata/connectors/x/main" } },
        vault_auth_backend: { b: { type: "approle" } },
      }),
    ]);
    expect(objects.map((o) => [o.type, o.vault?.namespace, o.vault?.path])).toEqual([
      ["vault_approle_auth_backend_role", "etl", "auth/approle/role/orders-nightly"],
      ["vault_auth_backend", "etl", "sys/auth/approle"],
      ["vault_database_secret_backend_role", "etl/dev", "database/roles/shop-main-x-y"],
      ["vault_generic_endpoint", "etl", "kv/metadata/connectors/x/main"],
      ["vault_mount", "etl", "sys/mounts/kv"],
      ["vault_namespace", "etl", "sys/namespaces/child"],
      ["vault_policy", "etl", "sys/policies/acl/dev-consumer"],
    ]);
    expect(objects.every((o) => o.vault?.cluster === "vault.acme.example")).toBe(true);
    expect(objects.find((o) => o.type === "vault_mount")?.vault?.reach).toBe("etl/kv");
  });

  it("a lookalike address and a namespace spelled two ways are one object", () => {
    const objects = serverObjectsOfStacks([
      stack("a", vault("https://vault.acme.example:8200", "etl/prod"), { vault_policy: { p: { name: "reader", policy: "" } } }),
      stack("b", vault("https://VAULT.acme.example/", "etl"), { vault_policy: { p: { name: "READER", policy: "", namespace: "prod/" } } }),
    ]);
    expect(new Set(keysOf(objects)).size).toBe(1);
    expect([...collidingObjects(objects).values()][0].map((o) => o.stack)).toEqual(["a", "b"]);
  });

  it("a root mount under a namespace's path takes the place of that namespace's mount", () => {
    const objects = serverObjectsOfStacks([
      stack("test", vault("https://vault.acme.example"), { vault_mount: { m: { path: "etl/prod/kv", type: "kv" } } }),
      stack("prod", vault("https://vault.acme.example:8200", "etl/prod"), { vault_mount: { m: { path: "kv", type: "kv" } } }),
    ]);
    expect(collidingObjects(objects).size).toBe(1);
  });

  it("resolves references (a role's backend from its mount) before naming", () => {
    const objects = serverObjectsOfStacks([
      stack("dev", vault("https://vault.acme.example"), {
        vault_mount: { db: { path: "etl-dev/database", type: "database" } },
        vault_database_secret_backend_role: { r: { backend: "${vault_mount.db.path}", name: "x" } },
      }),
    ]);
    expect(objects.find((o) => o.type === "vault_database_secret_backend_role")?.vault?.path).toBe("etl-dev/database/roles/x");
  });
});

describe("AWS objects as AWS compares them", () => {
  const aws = (account: string, region = "eu-west-1") => ({ aws: [{ allowed_account_ids: [account], region }] });

  it("IAM role names are case-insensitive per account and global across regions", () => {
    const objects = serverObjectsOfStacks([
      stack("prod", aws("222222222222"), { aws_iam_role: { a: { name: "Orders-Archiver" } } }),
      stack("prod-eu", aws("222222222222", "eu-central-1"), { aws_iam_role: { b: { name: "orders-archiver" } } }),
      stack("dev", aws("111111111111"), { aws_iam_role: { c: { name: "orders-archiver" } } }),
    ]);
    expect([...collidingObjects(objects).keys()]).toEqual(["aws:222222222222::iam:role/orders-archiver"]);
  });

  it("S3 bucket names are global: two accounts cannot both own one", () => {
    const objects = serverObjectsOfStacks([
      stack("a", aws("111111111111"), { aws_s3_bucket: { a: { bucket: "acme-trail" } } }),
      stack("b", aws("222222222222", "us-east-1"), { aws_s3_bucket: { b: { bucket: "acme-trail" } } }),
    ]);
    expect(collidingObjects(objects).size).toBe(1);
  });

  it("secret names are per account and region, and case-sensitive", () => {
    const objects = serverObjectsOfStacks([
      stack("a", aws("111111111111"), { aws_secretsmanager_secret: { a: { name: "org/dev/x/main" }, b: { name: "org/dev/X/main" } } }),
      stack("b", aws("111111111111", "us-east-1"), { aws_secretsmanager_secret: { c: { name: "org/dev/x/main" } } }),
    ]);
    expect(collidingObjects(objects).size).toBe(0);
  });

  it("reads parsed stacks too (the oracle of a property test), with their environments", () => {
    const objects = serverObjectsOfJson(
      {
        b: stack("b", aws("111111111111"), { aws_iam_role: { r: { name: "X" } } }).json,
        a: stack("a", aws("111111111111"), { aws_iam_role: { r: { name: "x" } } }).json,
      },
      { a: "dev" },
    );
    expect(objects.map((o) => [o.stack, o.environment, o.key])).toEqual([
      ["a", "dev", "aws:111111111111::iam:role/x"],
      ["b", undefined, "aws:111111111111::iam:role/x"],
    ]);
  });

  it("the account comes from the provider's assumed role when it allows no account list", () => {
    const objects = serverObjectsOfStacks([
      stack(
        "a",
        { aws: [{ region: "eu-west-1", assume_role: [{ role_arn: "arn:aws:iam::333333333333:role/deployer" }] }] },
        { aws_iam_role: { a: { name: "x" } } },
      ),
    ]);
    expect(objects[0].aws?.accountId).toBe("333333333333");
  });
});

describe("the shipped fixtures", () => {
  const dirs = new SynthDirs();
  afterAll(() => dirs.cleanup());

  it("acme and realworld write every object once, each with its stack's environment", () => {
    for (const name of ["acme.yaml", "realworld.yaml"] as const) {
      const objects = serverObjectsOfDir(dirs.fixture(name));
      expect(collidingObjects(objects).size).toBe(0);
      expect(objects.filter((o) => o.stack === "prod").every((o) => o.environment === "prod")).toBe(true);
      expect(
        objects.filter((o) => o.stack.startsWith("aws-") || o.stack.startsWith("vault-")).every((o) => o.environment === undefined),
      ).toBe(true);
      expect(objects.some((o) => o.vault?.path.startsWith("sys/policies/acl/"))).toBe(true);
      expect(objects.some((o) => o.aws?.service === "iam")).toBe(true);
    }
  });
});

describe("independence", () => {
  it("the resolver and the proof import nothing from lib/plan, lib/constructs or lib/inventory", () => {
    const roots = [
      join(__dirname, "..", "..", "..", "lib", "analysis", "identity"),
      join(__dirname, "..", "..", "..", "lib", "analysis", "proof"),
    ];
    for (const root of roots) {
      for (const file of readdirSync(root).filter((f) => f.endsWith(".ts"))) {
        const text = readFileSync(join(root, file), "utf8");
        const imports = [...text.matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1]);
        expect(imports.filter((i) => /(^|\/)(plan|constructs|spec)(\/|$)/.test(i) || /\/intent\/ids/.test(i))).toEqual([]);
      }
    }
  });
});
