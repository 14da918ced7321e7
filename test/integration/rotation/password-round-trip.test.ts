import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parsePgConnectionString } from "pg-connection-string";
import { DEFAULT_EXCLUDE_CHARACTERS, URI_UNRESERVED_PASSWORD } from "../../../lib/rotation/contract";
import { runCount } from "../../support/rotation/engines";
import { jdbcUrlPassword } from "../../support/rotation/jdbc-url";

/**
 * Passwords made by GetRandomPassword (moto's implementation) with the function's default
 * EXCLUDE_CHARACTERS, at the class lengths, survive unescaped: libpq itself parses the URI, the
 * keyword/value string and .pgpass; node-pg's parser, WHATWG URL and JDBC rules parse the rest.
 */
const COUNT = runCount(100_000, 100_000);
const SCRIPT = join(__dirname, "..", "..", "support", "rotation", "password_round_trip.py");

function generateAndParse(count: number, exclude: string): { summary: Record<string, number>; passwords: string[] } {
  const out = join(mkdtempSync(join(tmpdir(), "etl-secrets-passwords-")), "passwords.txt");
  const summary = JSON.parse(execFileSync("python3", [SCRIPT, String(count), exclude, out], { encoding: "utf8", maxBuffer: 1 << 20 }));
  return { summary, passwords: readFileSync(out, "utf8").split("\n") };
}

describe("generated passwords survive connection strings", () => {
  it(`${COUNT} passwords round-trip through libpq (URI, keyword/value, .pgpass), node-pg, URL and JDBC`, () => {
    const { summary, passwords } = generateAndParse(COUNT, DEFAULT_EXCLUDE_CHARACTERS);
    process.stdout.write(`password round trips: ${JSON.stringify(summary)}\n`);
    expect(summary).toEqual({ count: COUNT, uri: COUNT, keywordValue: COUNT, pgpass: COUNT });
    expect(passwords).toHaveLength(COUNT);
    const broken = passwords.filter((password) => {
      const uri = `postgresql://u:${password}@127.0.0.1:5432/db?sslmode=verify-full`;
      return (
        !URI_UNRESERVED_PASSWORD.test(password) ||
        parsePgConnectionString(uri).password !== password ||
        decodeURIComponent(new URL(uri).password) !== password ||
        new URL(uri).password !== password ||
        jdbcUrlPassword(`jdbc:postgresql://127.0.0.1:5432/db?user=u&password=${password}&sslmode=verify-full`) !== password ||
        jdbcUrlPassword(`jdbc:mariadb://127.0.0.1:3306/db?user=u&password=${password}&sslMode=verify-full`) !== password
      );
    });
    expect(broken).toEqual([]);
  });

  it("the same checks catch passwords made without the exclusions (the checks have teeth)", () => {
    const { summary, passwords } = generateAndParse(2_000, "");
    expect(summary.keywordValue).toBeLessThan(2_000);
    expect(summary.pgpass).toBeLessThan(2_000);
    const jdbcBroken = passwords.filter((password) => {
      try {
        return jdbcUrlPassword(`jdbc:postgresql://h/db?password=${password}`) !== password;
      } catch {
        return true;
      }
    });
    expect(jdbcBroken.length).toBeGreaterThan(0);
  });
});
