/**
 * Finds secrets in captured text, independently of the logger's own redaction list: raw,
 * JSON-escaped, URL-encoded, and inside any base64/base64url run (decoded at every alignment).
 */
export function findLeaks(text: string, secrets: Iterable<string>): string[] {
  const decodedRuns = decodeBase64Runs(text);
  const leaks: string[] = [];
  for (const secret of secrets) {
    const forms = [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), Buffer.from(secret).toString("hex")];
    if (forms.some((form) => text.includes(form)) || decodedRuns.some((decoded) => decoded.includes(secret))) {
      leaks.push(`${secret.slice(0, 3)}… (${secret.length} characters)`);
    }
  }
  return leaks;
}

function decodeBase64Runs(text: string): string[] {
  const decoded: string[] = [];
  for (const run of text.match(/[A-Za-z0-9+/\-_]{16,}/g) ?? []) {
    const standard = run.replace(/-/g, "+").replace(/_/g, "/");
    for (let offset = 0; offset < 4; offset++) decoded.push(Buffer.from(standard.slice(offset), "base64").toString("latin1"));
  }
  return decoded;
}

/** Collects log lines of every invocation and every secret the tests saw, for one final check. */
export class LogCapture {
  readonly lines: string[] = [];
  readonly secrets = new Set<string>();
  readonly sink = (line: string) => {
    this.lines.push(line);
  };

  rememberSecret(secret: string | undefined): void {
    if (secret) this.secrets.add(secret);
  }

  rememberSecretsOf(json: string | undefined): void {
    if (!json) return;
    const value = JSON.parse(json) as { password?: string; apiKey?: string; secretAccessKey?: string };
    this.rememberSecret(value.password);
    this.rememberSecret(value.apiKey);
    this.rememberSecret(value.secretAccessKey);
  }
}
