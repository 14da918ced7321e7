/**
 * Every spelling of a secret that could reach a log line: raw, JSON-escaped (once and twice),
 * URL-encoded, hex, and base64/base64url at each of the three byte alignments it can sit at inside a
 * longer encoded payload.
 */
export function secretSpellings(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const jsonEscaped = JSON.stringify(secret).slice(1, -1);
  const spellings = new Set<string>([
    secret,
    jsonEscaped,
    JSON.stringify(jsonEscaped).slice(1, -1),
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%20/g, "+"),
    encodeURI(secret),
    // conn_uri's spelling (record-fields.ts percentEncode): also ! ' ( ) * encoded.
    encodeURIComponent(secret).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    bytes.toString("hex"),
    bytes.toString("hex").toUpperCase(),
  ]);
  for (const core of base64Cores(bytes)) {
    spellings.add(core);
    spellings.add(core.replace(/\+/g, "-").replace(/\//g, "_"));
    spellings.add(encodeURIComponent(core));
  }
  // Short fragments would redact innocent text; a secret shorter than 4 characters is refused upstream.
  return [...spellings].filter((spelling) => spelling.length >= 4);
}

/**
 * The base64 characters fully determined by the secret's bytes when they start 0, 1 or 2 bytes into
 * an encoded payload: characters that mix in bits of neighbouring bytes are dropped.
 */
function base64Cores(bytes: Buffer): string[] {
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes])
      .toString("base64")
      .replace(/=+$/, "");
    const leading = [0, 2, 3][offset];
    const total = offset + bytes.length;
    const trailing = total % 3 === 0 ? 0 : 1;
    const core = encoded.slice(leading, encoded.length - trailing);
    if (core.length > 0) cores.push(core);
  }
  return cores;
}
