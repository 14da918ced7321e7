/** The broker contract in process: idempotent creation, verification, revocation (unknown = already). */
export class FakeBroker {
  readonly keys = new Map<string, { apiKey: string; active: boolean }>();
  private readonly byIdempotencyKey = new Map<string, string>();
  private counter = 0;

  issue(): { keyId: string; apiKey: string } {
    const keyId = `key-${++this.counter}`;
    const apiKey = `ak_${keyId}_${"s".repeat(24)}_${this.counter}`;
    this.keys.set(keyId, { apiKey, active: true });
    return { keyId, apiKey };
  }

  private authorized(apiKey: string): boolean {
    return [...this.keys.values()].some((k) => k.active && k.apiKey === apiKey);
  }

  async createKey(_endpoint: string, authorizingKey: string, idempotencyKey: string) {
    const known = this.byIdempotencyKey.get(idempotencyKey);
    if (known) return { keyId: known, apiKey: this.keys.get(known)!.apiKey };
    if (!this.authorized(authorizingKey)) throw new Error("broker: 401");
    const issued = this.issue();
    this.byIdempotencyKey.set(idempotencyKey, issued.keyId);
    return issued;
  }

  async verifyKey(_endpoint: string, apiKey: string) {
    return this.authorized(apiKey);
  }

  async revokeKey(_endpoint: string, authorizingKey: string, keyId: string) {
    if (!this.authorized(authorizingKey)) throw new Error("broker: 401");
    const key = this.keys.get(keyId);
    if (key) key.active = false;
  }

  activeKeyIds(): string[] {
    return [...this.keys.entries()].filter(([, k]) => k.active).map(([id]) => id);
  }
}
