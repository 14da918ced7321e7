import { vaultApproleBounds as rule } from "../../../lib/checks/stack-checks/vault-approle-bounds";
import { messages, stackOf, vaultStack } from "./vault-support";

const good = {
  backend: "approle",
  role_name: "job",
  bind_secret_id: true,
  secret_id_ttl: 600,
  secret_id_num_uses: 1,
  token_max_ttl: 3600,
  secret_id_bound_cidrs: ["10.0.0.0/8"],
  token_bound_cidrs: ["10.0.0.0/8"],
};
const stack = (role: Record<string, unknown>, production = true) =>
  stackOf({ resource: { vault_approle_auth_backend_role: { r: role } } }, production);

describe("ETL-VAULT-001 AppRole bounds", () => {
  it("passes the synthesized fixtures", () => {
    for (const env of ["dev", "test", "staging", "prod"]) expect(messages(rule, vaultStack(env))).toEqual([]);
  });
  it("passes a bounded role", () => expect(messages(rule, stack(good))).toEqual([]));
  it("fails when secret ids never expire", () =>
    expect(messages(rule, stack({ ...good, secret_id_ttl: 0 }))).toEqual([expect.stringContaining("secret_id_ttl is 0")]));
  it("fails when secret ids have unlimited uses", () =>
    expect(messages(rule, stack({ ...good, secret_id_num_uses: 0 }))).toEqual([expect.stringContaining("unlimited uses")]));
  it("fails when tokens live longer than 24h", () =>
    expect(messages(rule, stack({ ...good, token_max_ttl: 172800 }))).toEqual([expect.stringContaining("token_max_ttl is 172800")]));
  it("fails when a production role is not bound to CIDRs", () => {
    const { secret_id_bound_cidrs: _a, token_bound_cidrs: _b, ...unbound } = good;
    expect(messages(rule, stack(unbound))).toHaveLength(2);
    expect(messages(rule, stack(unbound, false))).toEqual([]);
  });
});
