/**
 * The password a JDBC driver reads from `jdbc:<sub>://host:port/db?user=..&password=..`, by the rules
 * PgJDBC and MariaDB Connector/J apply: split on `&`, then the first `=`, then java.net.URLDecoder
 * (which turns `+` into a space and decodes %XX).
 */
export function jdbcUrlPassword(url: string): string | undefined {
  const query = url.split("?")[1] ?? "";
  for (const pair of query.split("&")) {
    const equals = pair.indexOf("=");
    if (equals < 0) continue;
    if (pair.slice(0, equals) === "password") return javaUrlDecode(pair.slice(equals + 1));
  }
  return undefined;
}

function javaUrlDecode(text: string): string {
  return decodeURIComponent(text.replace(/\+/g, " "));
}
