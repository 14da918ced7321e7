import type { RawMatch, ScanRule } from "../types";
import { isPlaceholder, rawMatch, spans } from "./match-helpers";

const ID = "etl-secrets/jdbc-url-password";

/**
 * JDBC URLs that carry a password: `password=`/`pwd=` parameters (`?`, `&`, `;` or `:` separated, as
 * PostgreSQL, MySQL, SQL Server, Snowflake and Redshift drivers write them), `//user:password@host`,
 * and Oracle's `jdbc:oracle:thin:user/password@host`.
 */
export const jdbcUrlRule: ScanRule = {
  id: ID,
  description: "JDBC URLs with a password",
  find(text: string): RawMatch[] {
    const found: RawMatch[] = [];
    for (const { start, end, match } of spans(text, /jdbc:[a-z0-9]+(?::[a-z0-9]+)*:[^\s"'<>`]+/gi)) {
      const url = match[0];
      const passwords = [
        /[?&;:](?:password|pwd)=([^&;\s]+)/i.exec(url)?.[1],
        /\/\/[^\s:/@?;]+:([^\s@/?;]+)@/.exec(url)?.[1],
        /^jdbc:oracle:[a-z]+:[^\s/@:]+\/([^\s@]+)@/i.exec(url)?.[1],
      ].filter((value): value is string => value !== undefined);
      if (passwords.some((password) => !isPlaceholder(decodeSafely(password)))) found.push(rawMatch(ID, "JdbcUrlWithPassword", start, end));
    }
    return found;
  },
};

function decodeSafely(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
