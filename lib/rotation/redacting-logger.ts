import { secretSpellings } from "./secret-encodings";

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;
/** Where finished log lines go: one JSON document per line. */
export type LogSink = (line: string) => void;

const REDACTED = "[REDACTED]";
const MINIMUM_SECRET_LENGTH = 4;
/** A run of this many characters of any spelling of a secret is redacted wherever it appears. */
const FRAGMENT_LENGTH = 6;
/**
 * A shorter piece (down to 4 characters) is redacted where text was cut: the start or end of a
 * secret's spelling against the start or end of the text, a quote or white space. A server that
 * quotes at most 80 characters of a statement (MySQL's `near '%-.80s'`) leaves exactly such a piece.
 */
const EDGE_FRAGMENT_LENGTH = 4;
const CUT_MARKS = /['"`\s]/;
/** Longest error text passed on (logs, the error the handler throws); cut after redaction. */
export const MAXIMUM_ERROR_TEXT = 1000;

interface FragmentIndex {
  readonly count: number;
  readonly grams: Set<string>;
  readonly heads: Set<string>;
  readonly tails: Set<string>;
}

/**
 * The only logger of the rotation function. Every value it learns is secret (passwords, keys,
 * verifiers) is registered with `addSecret`; each finished line is scanned for every spelling of every
 * secret before it is written, so a secret can't leak through a message, a field or an error text.
 * One instance per invocation: nothing is kept between invocations.
 */
export class RedactingLogger {
  private readonly spellings: string[] = [];

  constructor(
    private readonly sink: LogSink = (line) => process.stdout.write(`${line}\n`),
    private readonly context: LogFields = {},
  ) {}

  /** Registers a secret; fails for values too short to redact without mangling ordinary text. */
  addSecret(secret: string): void {
    if (secret.length < MINIMUM_SECRET_LENGTH) {
      throw new Error(`a secret value shorter than ${MINIMUM_SECRET_LENGTH} characters can't be redacted reliably`);
    }
    for (const spelling of secretSpellings(secret)) {
      if (!this.spellings.includes(spelling)) this.spellings.push(spelling);
    }
    // Longest first, so a spelling that contains another is replaced whole.
    this.spellings.sort((a, b) => b.length - a.length);
  }

  private index?: FragmentIndex;

  /**
   * Replaces every known secret spelling in a text, and every piece of one a cut may have left
   * (see FRAGMENT_LENGTH); for log lines and error messages that leave the function.
   */
  redact(text: string): string {
    let result = text;
    for (const spelling of this.spellings) result = result.split(spelling).join(REDACTED);
    return this.redactFragments(result);
  }

  private redactFragments(text: string): string {
    if (this.spellings.length === 0) return text;
    const index = this.fragmentIndex();
    const marked = new Uint8Array(text.length);
    for (let i = 0; i + FRAGMENT_LENGTH <= text.length; i++) {
      if (index.grams.has(text.slice(i, i + FRAGMENT_LENGTH))) marked.fill(1, i, i + FRAGMENT_LENGTH);
    }
    const isCut = (position: number) => position <= 0 || position >= text.length || CUT_MARKS.test(text[position]);
    for (let length = EDGE_FRAGMENT_LENGTH; length < FRAGMENT_LENGTH; length++) {
      for (let i = 0; i + length <= text.length; i++) {
        const piece = text.slice(i, i + length);
        // The head of a spelling just before a cut, or its tail just after one.
        if ((index.heads.has(piece) && isCut(i + length)) || (index.tails.has(piece) && (i === 0 || isCut(i - 1))))
          marked.fill(1, i, i + length);
      }
    }
    if (!marked.includes(1)) return text;
    let result = "";
    for (let i = 0; i < text.length; i++) {
      if (!marked[i]) result += text[i];
      else if (i === 0 || !marked[i - 1]) result += REDACTED;
    }
    return result;
  }

  private fragmentIndex(): FragmentIndex {
    if (this.index?.count === this.spellings.length) return this.index;
    const grams = new Set<string>();
    const heads = new Set<string>();
    const tails = new Set<string>();
    for (const spelling of this.spellings) {
      for (let i = 0; i + FRAGMENT_LENGTH <= spelling.length; i++) grams.add(spelling.slice(i, i + FRAGMENT_LENGTH));
      for (let length = EDGE_FRAGMENT_LENGTH; length < Math.min(FRAGMENT_LENGTH, spelling.length); length++) {
        heads.add(spelling.slice(0, length));
        tails.add(spelling.slice(-length));
      }
    }
    this.index = { count: this.spellings.length, grams, heads, tails };
    return this.index;
  }

  /** A logger that adds fields to every line and shares this one's secrets. */
  child(context: LogFields): RedactingLogger {
    const child = new RedactingLogger(this.sink, { ...this.context, ...context });
    // Shared by reference: a secret learnt through the child is redacted by the parent too.
    (child as unknown as { spellings: string[] }).spellings = this.spellings;
    return child;
  }

  debug(message: string, fields?: LogFields): void {
    this.write("debug", message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.write("info", message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.write("warn", message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.write("error", message, fields);
  }

  private write(level: LogLevel, message: string, fields: LogFields = {}): void {
    const line = JSON.stringify({ level, message, ...this.context, ...fields });
    this.sink(this.redact(line));
  }
}

/**
 * The text of a thrown value with known secrets (and pieces of them) removed, for logs and for
 * re-thrown errors; redacted first, then cut to MAXIMUM_ERROR_TEXT, so a cut can't leave a piece
 * of a secret the redactor would no longer recognize.
 */
export function describeError(error: unknown, logger: RedactingLogger): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return cutRedacted(logger.redact(text), MAXIMUM_ERROR_TEXT);
}

/** Cuts already-redacted text to `maximum` characters without splitting a redaction mark. */
export function cutRedacted(text: string, maximum: number): string {
  if (text.length <= maximum) return text;
  let end = maximum;
  const mark = text.lastIndexOf(REDACTED.charAt(0), end);
  if (mark >= 0 && mark > end - REDACTED.length && text.startsWith(REDACTED, mark)) end = mark;
  return `${text.slice(0, end)}… (cut)`;
}
