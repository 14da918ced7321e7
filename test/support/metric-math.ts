/*
 * Test oracle: an evaluator of the subset of CloudWatch metric math the out-of-hours alarm uses,
 * written from the AWS user guide ("Metric math syntax and functions"), independent of the
 * generator: numbers, `m1`, `IF(c, a, b)`, `DAY(m1)` (1 = Monday ... 7 = Sunday, UTC), `HOUR(m1)`
 * (0-23), `MINUTE(m1)` (0-59), `+ - * /`, comparisons `== != < <= > >=` and `&& ||` (true = 1,
 * false = 0; a non-zero condition is true). Anything else is refused, so the generator cannot emit
 * syntax this oracle (and the test) does not understand.
 */
export interface DataPoint {
  /** 1 = Monday ... 7 = Sunday (UTC). */
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly value: number;
}

type Token = { kind: "num"; value: number } | { kind: "id"; value: string } | { kind: "op"; value: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === " ") {
      i++;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (["==", "!=", "<=", ">=", "&&", "||"].includes(two)) {
      tokens.push({ kind: "op", value: two });
      i += 2;
      continue;
    }
    if ("<>+-*/(),".includes(c)) {
      tokens.push({ kind: "op", value: c });
      i++;
      continue;
    }
    const num = /^\d+(\.\d+)?/.exec(text.slice(i));
    if (num) {
      tokens.push({ kind: "num", value: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (id) {
      tokens.push({ kind: "id", value: id[0] });
      i += id[0].length;
      continue;
    }
    throw new Error(`unexpected character ${JSON.stringify(c)} at ${i}`);
  }
  return tokens;
}

type Node = (p: DataPoint) => number;

/** Parses `expression` into a function of one data point. */
export function compileMetricMath(expression: string): Node {
  const tokens = tokenize(expression);
  let pos = 0;
  const peek = () => tokens[pos];
  const expectOp = (op: string) => {
    const t = tokens[pos++];
    if (!t || t.kind !== "op" || t.value !== op) throw new Error(`expected ${op} at token ${pos - 1}`);
  };
  const binary =
    (next: () => Node, ops: Record<string, (a: number, b: number) => number>): (() => Node) =>
    () => {
      let left = next();
      for (;;) {
        const t = peek();
        if (!t || t.kind !== "op" || !(t.value in ops)) return left;
        pos++;
        const right = next();
        const f = ops[t.value]!;
        const l = left;
        left = (p) => f(l(p), right(p));
      }
    };
  const b = (x: boolean) => (x ? 1 : 0);
  const primary = (): Node => {
    const t = tokens[pos++];
    if (!t) throw new Error("unexpected end");
    if (t.kind === "num") return () => t.value;
    if (t.kind === "op" && t.value === "(") {
      const inner = or();
      expectOp(")");
      return inner;
    }
    if (t.kind === "id") {
      if (t.value === "m1") return (p) => p.value;
      const fns: Record<string, (p: DataPoint) => number> = { DAY: (p) => p.day, HOUR: (p) => p.hour, MINUTE: (p) => p.minute };
      if (t.value in fns) {
        expectOp("(");
        const arg = tokens[pos++];
        if (!arg || arg.kind !== "id" || arg.value !== "m1") throw new Error(`${t.value} takes m1`);
        expectOp(")");
        return fns[t.value]!;
      }
      if (t.value === "IF") {
        expectOp("(");
        const c = or();
        expectOp(",");
        const x = or();
        expectOp(",");
        const y = or();
        expectOp(")");
        return (p) => (c(p) !== 0 ? x(p) : y(p));
      }
    }
    throw new Error(`unexpected token ${JSON.stringify(t)}`);
  };
  const mul = binary(primary, { "*": (x, y) => x * y, "/": (x, y) => x / y });
  const add = binary(mul, { "+": (x, y) => x + y, "-": (x, y) => x - y });
  const cmp = binary(add, {
    "==": (x, y) => b(x === y),
    "!=": (x, y) => b(x !== y),
    "<": (x, y) => b(x < y),
    "<=": (x, y) => b(x <= y),
    ">": (x, y) => b(x > y),
    ">=": (x, y) => b(x >= y),
  });
  const and = binary(cmp, { "&&": (x, y) => b(x !== 0 && y !== 0) });
  const or: () => Node = binary(and, { "||": (x, y) => b(x !== 0 || y !== 0) });
  const root = or();
  if (pos !== tokens.length) throw new Error(`trailing tokens from ${pos}`);
  return root;
}
