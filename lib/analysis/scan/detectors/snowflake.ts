import type { RawMatch, ScanRule } from "../types";
import { isPlaceholder, rawMatch, spans } from "./match-helpers";

const ID = "etl-secrets/snowflake-credential";

/**
 * Snowflake credentials: `snowflake://user:password@account/...` URIs, the password and key
 * passphrase variables of the Snowflake connectors and SnowSQL, and connection strings or calls
 * that name an `account` and a `password` on one line.
 */
export const snowflakeRule: ScanRule = {
  id: ID,
  description: "Snowflake connection URIs, passwords and key passphrases",
  find(text: string): RawMatch[] {
    const found: RawMatch[] = [];
    for (const { start, end, match } of spans(text, /snowflake:\/\/[^\s:/@"'<>]+:([^\s@"'<>]+)@[^\s"'<>`]+/gi)) {
      if (!isPlaceholder(match[1])) found.push(rawMatch(ID, "SnowflakeUri", start, end));
    }
    const variables =
      /\b(?:SNOWFLAKE_PASSWORD|SNOWSQL_PWD|SNOWFLAKE_PRIVATE_KEY_PASSPHRASE|SNOWSQL_PRIVATE_KEY_PASSPHRASE|PRIVATE_KEY_PASSPHRASE)["']?\s*(?::|=|=>)\s*["']?([^\s"'`,;]{6,})/gi;
    for (const { start, end, match } of spans(text, variables, 1)) {
      if (!isPlaceholder(match[1])) found.push(rawMatch(ID, "SnowflakePassword", start, end));
    }
    // One line that names a Snowflake account and a password: ODBC/JDBC-style strings, connector calls.
    let offset = 0;
    for (const line of text.split("\n")) {
      if (
        /\baccount\s*(?::|=)/i.test(line) &&
        /snowflake|;\s*(?:user|uid)\s*=|\baccount\s*=\s*["']?[a-z0-9_-]+(?:\.[a-z0-9-]+)*["']?\s*[,;]/i.test(line)
      ) {
        for (const { start, end, match } of spans(
          line,
          /(?<![A-Za-z0-9_])(?:password|pwd)["']?\s*(?::|=)\s*["']?([^\s"'`,;&)]{6,})/gi,
          1,
        )) {
          if (!isPlaceholder(match[1])) found.push(rawMatch(ID, "SnowflakeConnectionPassword", offset + start, offset + end));
        }
      }
      offset += line.length + 1;
    }
    return found;
  },
};
