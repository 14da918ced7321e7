/**
 * Reads the HCL subset that Vault policies are written in into a plain tree.
 *
 * Vault parses policies with HCL 1, which is more permissive than HCL 2 (e.g. Enterprise's
 * `control_group = { factor "x" { ... } }` puts a block inside an object), so a strict HCL 2 parser
 * would reject valid policies. This reader accepts: `#`, `//` and block comments; quoted strings;
 * numbers; bare words (true, false, ...); lists; objects; labelled blocks; `=` or `:` between a key
 * and its value; and optional commas between items. The JSON form of a policy is a special case.
 */

export type HclValue = string | number | boolean | null | readonly HclValue[] | HclObject;

export interface HclObject {
  readonly kind: "object";
  readonly entries: readonly HclEntry[];
}

/** `capabilities = [...]` has keys ["capabilities"]; `path "kv/x" { ... }` has keys ["path", "kv/x"]. */
export interface HclEntry {
  readonly keys: readonly string[];
  readonly value: HclValue;
  readonly line: number;
}

export class HclSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly detail: string,
  ) {
    super(`line ${line}, column ${column}: ${detail}`);
    this.name = "HclSyntaxError";
  }
}

type TokenKind = "string" | "number" | "word" | "punct" | "eof";

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

export function isHclObject(value: HclValue): value is HclObject {
  return typeof value === "object" && value !== null && !Array.isArray(value) && (value as HclObject).kind === "object";
}

export function readHcl(text: string): HclObject {
  const parser = new Parser(tokenize(text));
  return parser.document();
}

// long-function: a hand-written lexer: one loop with a branch per token kind, sharing the position and line counters
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  let line = 1;
  let lineStart = 0;
  const fail = (detail: string): never => {
    throw new HclSyntaxError(line, index - lineStart + 1, detail);
  };

  while (index < text.length) {
    const char = text[index];
    const column = index - lineStart + 1;
    if (char === "\n") {
      index++;
      line++;
      lineStart = index;
      continue;
    }
    if (char === " " || char === "\t" || char === "\r" || char === "\uFEFF") {
      index++;
      continue;
    }
    if (char === "#" || (char === "/" && text[index + 1] === "/")) {
      while (index < text.length && text[index] !== "\n") index++;
      continue;
    }
    if (char === "/" && text[index + 1] === "*") {
      const end = text.indexOf("*/", index + 2);
      if (end === -1) fail("unterminated /* comment");
      for (let i = index; i < end; i++) {
        if (text[i] === "\n") {
          line++;
          lineStart = i + 1;
        }
      }
      index = end + 2;
      continue;
    }
    if (char === '"') {
      let value = "";
      index++;
      while (true) {
        if (index >= text.length || text[index] === "\n") throw new HclSyntaxError(line, column, "unterminated string");
        const c = text[index];
        if (c === '"') break;
        if (c === "\\") {
          const escaped = text[index + 1];
          const simple: Record<string, string> = { '"': '"', "\\": "\\", n: "\n", t: "\t", r: "\r", "/": "/" };
          if (escaped !== undefined && escaped in simple) {
            value += simple[escaped];
            index += 2;
          } else if (escaped === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(index + 2, index + 6))) {
            value += String.fromCharCode(parseInt(text.slice(index + 2, index + 6), 16));
            index += 6;
          } else {
            fail(`unsupported escape "\\${escaped ?? ""}" in string`);
          }
          continue;
        }
        value += c;
        index++;
      }
      index++;
      tokens.push({ kind: "string", text: value, line, column });
      continue;
    }
    if (char === "<" && text[index + 1] === "<") {
      fail("heredoc strings are not supported in policies");
    }
    const number = /^-?[0-9]+(\.[0-9]+)?/.exec(text.slice(index, index + 64));
    if (number) {
      tokens.push({ kind: "number", text: number[0], line, column });
      index += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_.-]*/.exec(text.slice(index, index + 256));
    if (word) {
      tokens.push({ kind: "word", text: word[0], line, column });
      index += word[0].length;
      continue;
    }
    if ("{}[]=,:".includes(char)) {
      tokens.push({ kind: "punct", text: char, line, column });
      index++;
      continue;
    }
    fail(`unexpected character ${JSON.stringify(char)}`);
  }
  tokens.push({ kind: "eof", text: "end of input", line, column: index - lineStart + 1 });
  return tokens;
}

class Parser {
  private position = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  document(): HclObject {
    // The JSON form wraps the whole document in braces.
    if (this.isPunct("{")) {
      const object = this.object();
      this.expectEof();
      return object;
    }
    const entries = this.entries("eof");
    this.expectEof();
    return { kind: "object", entries };
  }

  private entries(closer: "}" | "eof"): HclEntry[] {
    const entries: HclEntry[] = [];
    while (!(closer === "eof" ? this.peek().kind === "eof" : this.isPunct("}"))) {
      if (this.peek().kind === "eof") this.fail(this.peek(), `expected "}" before the end of input`);
      entries.push(this.entry());
      if (this.isPunct(",")) this.position++;
    }
    return entries;
  }

  private entry(): HclEntry {
    const first = this.peek();
    const keys: string[] = [];
    while (this.peek().kind === "string" || this.peek().kind === "word") {
      keys.push(this.next().text);
    }
    if (keys.length === 0) this.fail(first, `expected a key, got ${describe(first)}`);
    if (this.isPunct("=") || this.isPunct(":")) {
      this.position++;
      return { keys, value: this.value(), line: first.line };
    }
    if (this.isPunct("{")) {
      return { keys, value: this.object(), line: first.line };
    }
    return this.fail(this.peek(), `expected "=" or "{" after ${JSON.stringify(keys.join(" "))}, got ${describe(this.peek())}`);
  }

  private value(): HclValue {
    const token = this.peek();
    switch (token.kind) {
      case "string":
        this.position++;
        return token.text;
      case "number":
        this.position++;
        return Number(token.text);
      case "word":
        this.position++;
        if (token.text === "true") return true;
        if (token.text === "false") return false;
        if (token.text === "null") return null;
        return token.text;
      case "punct":
        if (token.text === "[") return this.list();
        if (token.text === "{") return this.object();
        break;
      case "eof":
        break;
    }
    return this.fail(token, `expected a value, got ${describe(token)}`);
  }

  private list(): HclValue[] {
    this.expectPunct("[");
    const items: HclValue[] = [];
    while (!this.isPunct("]")) {
      items.push(this.value());
      if (this.isPunct(",")) {
        this.position++;
      } else if (!this.isPunct("]")) {
        this.fail(this.peek(), `expected "," or "]" in list, got ${describe(this.peek())}`);
      }
    }
    this.position++;
    return items;
  }

  private object(): HclObject {
    this.expectPunct("{");
    const entries = this.entries("}");
    this.expectPunct("}");
    return { kind: "object", entries };
  }

  private peek(): Token {
    return this.tokens[this.position];
  }

  private next(): Token {
    return this.tokens[this.position++];
  }

  private isPunct(text: string): boolean {
    const token = this.peek();
    return token.kind === "punct" && token.text === text;
  }

  private expectPunct(text: string): void {
    if (!this.isPunct(text)) this.fail(this.peek(), `expected ${JSON.stringify(text)}, got ${describe(this.peek())}`);
    this.position++;
  }

  private expectEof(): void {
    if (this.peek().kind !== "eof") this.fail(this.peek(), `expected end of input, got ${describe(this.peek())}`);
  }

  private fail(token: Token, detail: string): never {
    throw new HclSyntaxError(token.line, token.column, detail);
  }
}

function describe(token: Token): string {
  if (token.kind === "eof") return "end of input";
  if (token.kind === "string") return JSON.stringify(token.text);
  return `"${token.text}"`;
}
