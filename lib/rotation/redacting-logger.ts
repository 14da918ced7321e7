import { secretSpellings } from "./secret-encodings";

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;
/** Where finished log lines go: one JSON document per line. */
export type LogSink = (line: string) => void;

const REDACTED = "[REDACTED]";
const MINIMUM_SECRET_LENGTH = 4;

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

  /** Replaces every known secret spelling in a text; for error messages that leave the function. */
  redact(text: string): string {
    let result = text;
    for (const spelling of this.spellings) result = result.split(spelling).join(REDACTED);
    return result;
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

/** The text of a thrown value with known secrets removed, for logs and for re-thrown errors. */
export function describeError(error: unknown, logger: RedactingLogger): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return logger.redact(text);
}
