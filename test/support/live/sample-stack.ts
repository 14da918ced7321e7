/*
 * A small stack built with the provider-vault constructs themselves (deep imports), covering the
 * resource types the live applier handles. It tests the HARNESS (tools/live/apply-vault-stack.ts)
 * independently of what the library emits today: every type, references, a namespace, an
 * ephemeral variable feeding a write-only password.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack, TerraformVariable } from "cdktf";
import { VaultProvider } from "@cdktf/provider-vault/lib/provider";
import { Namespace } from "@cdktf/provider-vault/lib/namespace";
import { Mount } from "@cdktf/provider-vault/lib/mount";
import { KvSecretBackendV2 } from "@cdktf/provider-vault/lib/kv-secret-backend-v2";
import { GenericEndpoint } from "@cdktf/provider-vault/lib/generic-endpoint";
import { Policy } from "@cdktf/provider-vault/lib/policy";
import { AuthBackend } from "@cdktf/provider-vault/lib/auth-backend";
import { ApproleAuthBackendRole } from "@cdktf/provider-vault/lib/approle-auth-backend-role";
import { JwtAuthBackend } from "@cdktf/provider-vault/lib/jwt-auth-backend";
import { JwtAuthBackendRole } from "@cdktf/provider-vault/lib/jwt-auth-backend-role";
import { DatabaseSecretBackendConnection } from "@cdktf/provider-vault/lib/database-secret-backend-connection";
import { DatabaseSecretBackendRole } from "@cdktf/provider-vault/lib/database-secret-backend-role";
import { PkiSecretBackendRootCert } from "@cdktf/provider-vault/lib/pki-secret-backend-root-cert";
import { PkiSecretBackendRole } from "@cdktf/provider-vault/lib/pki-secret-backend-role";
import { SshSecretBackendCa } from "@cdktf/provider-vault/lib/ssh-secret-backend-ca";
import { SshSecretBackendRole } from "@cdktf/provider-vault/lib/ssh-secret-backend-role";
import { PasswordPolicy } from "@cdktf/provider-vault/lib/password-policy";

export interface SampleStackOptions {
  readonly pgHost: string;
  readonly pgPort: number;
  readonly pgUser: string;
  readonly jwtPublicKeyPem: string;
  /** Changes the kv max_versions, to prove an update is detected and applied. @default 10 */
  readonly maxVersions?: number;
}

export const SAMPLE_NAMESPACE = "harness";
export const SAMPLE_BOOTSTRAP_VARIABLE = "harness_db_password";

/** Synthesizes the sample stack and returns its cdk.tf.json, parsed. */
export function synthesizeSampleStack(options: SampleStackOptions): Record<string, any> {
  const outdir = mkdtempSync(join(tmpdir(), "live-sample-"));
  try {
    const app = new App({ outdir });
    const top = new TerraformStack(app, "top");
    new VaultProvider(top, "vault", { address: "http://127.0.0.1:8200", skipGetVaultVersion: true });
    new Namespace(top, "ns", { path: SAMPLE_NAMESPACE });

    const stack = new TerraformStack(app, "sample");
    new VaultProvider(stack, "vault", { address: "http://127.0.0.1:8200", namespace: SAMPLE_NAMESPACE, skipGetVaultVersion: true });
    const password = new TerraformVariable(stack, SAMPLE_BOOTSTRAP_VARIABLE, { type: "string", sensitive: true });
    password.addOverride("ephemeral", true);
    password.overrideLogicalId(SAMPLE_BOOTSTRAP_VARIABLE);

    const kv = new Mount(stack, "kv", { path: "kv", type: "kv", options: { version: "2" }, description: "sample kv" });
    const kvConfig = new KvSecretBackendV2(stack, "kv-config", {
      mount: kv.path,
      maxVersions: options.maxVersions ?? 10,
      casRequired: true,
    });
    new GenericEndpoint(stack, "meta", {
      path: `${kv.path}/metadata/connectors/a/main`,
      dataJson: JSON.stringify({ custom_metadata: { owner: "team" }, max_versions: 10 }),
      disableRead: true,
      disableDelete: true,
      dependsOn: [kvConfig],
    });
    new Policy(stack, "reader", { name: "reader", policy: `path "${"kv"}/data/connectors/a/main" {\n  capabilities = ["read"]\n}\n` });
    const approle = new AuthBackend(stack, "approle", { type: "approle", path: "approle" });
    new ApproleAuthBackendRole(stack, "role", {
      backend: approle.path,
      roleName: "job-a",
      tokenPolicies: ["reader"],
      secretIdBoundCidrs: ["127.0.0.1/32"],
      tokenBoundCidrs: ["127.0.0.1/32"],
      secretIdNumUses: 5,
      secretIdTtl: 600,
      tokenTtl: 900,
      tokenMaxTtl: 3600,
      tokenType: "service",
    });
    const jwt = new JwtAuthBackend(stack, "jwt", {
      path: "jwt-ci",
      type: "jwt",
      jwtValidationPubkeys: [options.jwtPublicKeyPem],
      boundIssuer: "https://ci.example",
    });
    new JwtAuthBackendRole(stack, "jwt-role", {
      backend: jwt.path,
      roleName: "job-b",
      roleType: "jwt",
      boundAudiences: ["vault"],
      boundSubject: "repo:x",
      userClaim: "sub",
      tokenPolicies: ["reader"],
      tokenTtl: 900,
    });
    const db = new Mount(stack, "db", { path: "database", type: "database" });
    const connection = new DatabaseSecretBackendConnection(stack, "pg", {
      backend: db.path,
      name: "pg",
      allowedRoles: ["dyn"],
      verifyConnection: true,
      postgresql: {
        connectionUrl: `postgresql://{{username}}:{{password}}@${options.pgHost}:${options.pgPort}/postgres?sslmode=require`,
        username: options.pgUser,
        passwordWo: password.stringValue,
        passwordWoVersion: 1,
      },
    });
    new DatabaseSecretBackendRole(stack, "dyn", {
      backend: db.path,
      name: "dyn",
      dbName: connection.name,
      creationStatements: [`CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`],
      revocationStatements: [`DROP ROLE IF EXISTS "{{name}}";`],
      defaultTtl: 600,
      maxTtl: 3600,
    });
    const pki = new Mount(stack, "pki", { path: "pki", type: "pki", maxLeaseTtlSeconds: 86400 * 30 });
    const root = new PkiSecretBackendRootCert(stack, "root", {
      backend: pki.path,
      type: "internal",
      commonName: "sample root",
      ttl: "720h",
      issuerName: "root",
    });
    new PkiSecretBackendRole(stack, "cert", {
      backend: pki.path,
      name: "cert",
      allowedDomains: ["sample.example"],
      allowBareDomains: true,
      allowSubdomains: false,
      clientFlag: true,
      serverFlag: false,
      ttl: "86400",
      maxTtl: "86400",
      keyType: "ec",
      keyBits: 256,
      issuerRef: root.issuerId,
    });
    const ssh = new Mount(stack, "ssh", { path: "ssh", type: "ssh" });
    const ca = new SshSecretBackendCa(stack, "ca", { backend: ssh.path, generateSigningKey: true, keyType: "ed25519" });
    new SshSecretBackendRole(stack, "ssh-role", {
      backend: ssh.path,
      name: "bastion",
      keyType: "ca",
      allowUserCertificates: true,
      allowedUsers: "etl",
      defaultUser: "etl",
      ttl: "3600",
      maxTtl: "3600",
      allowedExtensions: "permit-pty",
      dependsOn: [ca],
    });
    new PasswordPolicy(stack, "pw", {
      name: "etl-48",
      policy: 'length = 48\nrule "charset" {\n  charset = "abcdefghijklmnopqrstuvwxyz0123456789"\n}\n',
    });
    app.synth();
    return {
      top: JSON.parse(readFileSync(join(outdir, "stacks", "top", "cdk.tf.json"), "utf8")),
      sample: JSON.parse(readFileSync(join(outdir, "stacks", "sample", "cdk.tf.json"), "utf8")),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
