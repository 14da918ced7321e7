import type { RawMatch, ScanRule } from "../types";
import { rawMatch, spans } from "./match-helpers";

const ID = "etl-secrets/private-key";
/** A key body shorter than this is a placeholder (`...`), not a key. */
const MIN_BODY_CHARACTERS = 40;
const MAX_BLOCK_CHARACTERS = 32 * 1024;

/**
 * PEM private key blocks of every flavour: PKCS#1 (RSA, DSA, EC), PKCS#8, ENCRYPTED PKCS#8,
 * OPENSSH and PGP, also inside JSON strings (escaped `\n`) and YAML block scalars.
 */
export const privateKeyRule: ScanRule = {
  id: ID,
  description: "PEM private keys (RSA, EC, DSA, PKCS#8, ENCRYPTED, OPENSSH, PGP)",
  find(text: string): RawMatch[] {
    const found: RawMatch[] = [];
    for (const { start, end: headerEnd, match } of spans(text, /-{5}BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-{5}/g)) {
      const rest = text.slice(headerEnd, headerEnd + MAX_BLOCK_CHARACTERS);
      const footer = /-{5}END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-{5}/.exec(rest);
      const body = footer ? rest.slice(0, footer.index) : (/^[A-Za-z0-9+/=\s\\:,-]*/.exec(rest)?.[0] ?? "");
      const base64 = body
        .replace(/\\n/g, "\n")
        .split("\n")
        .filter((line) => !/^\s*[A-Za-z-]+:/.test(line))
        .join("")
        .replace(/[^A-Za-z0-9+/=]/g, "");
      if (base64.length < MIN_BODY_CHARACTERS) continue;
      const end = footer ? headerEnd + footer.index + footer[0].length : headerEnd + body.length;
      const flavour = (match[1] ?? "").trim();
      found.push(rawMatch(ID, flavour ? `${flavour.replace(/\s+/g, "")}PrivateKey` : "PrivateKey", start, end));
    }
    return found;
  },
};
