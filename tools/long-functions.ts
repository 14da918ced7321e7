/*
 * Small units: finds every function in lib/ whose body spans more than 80 lines. A function may be
 * long for a reason a reader should know (a table, a single state machine); it then carries the
 * reason in a comment directly above it:
 *
 *   // long-function: <reason>
 *
 * The reason is required: a marker without one is refused, as cdk-nag refuses a suppression without
 * a reason. A marker on a function that is not long is reported too, so stale reasons do not pile up.
 * Every function-like node counts on its own (declarations, methods, constructors, accessors, arrow
 * functions and function expressions, named or not): a nested function's lines count for it and
 * for the function around it, since the outer one still has to be read whole.
 *
 * Run by test/tools/long-functions.test.ts (so `npm test` enforces it) and by hand:
 *   tsx tools/long-functions.ts [<dir> ...]      (default: lib)
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import * as ts from "typescript";

/** The longest a function body may be without a written reason. */
export const MAX_FUNCTION_LINES = 80;

const MARKER = /^\/\/\s*long-function:(.*)$/;

export interface FunctionLength {
  readonly file: string;
  /** 1-based line where the function starts. */
  readonly line: number;
  /** `name`, `Class.method`, `Class.constructor`, `outer/<arrow>` for an unnamed callback. */
  readonly name: string;
  /** Lines of the body, its braces included. */
  readonly length: number;
  /** The text after `long-function:`, trimmed, when the marker is there. */
  readonly reason?: string;
}

export interface LongFunctionReport {
  /** Long functions without a marker. */
  readonly long: FunctionLength[];
  /** Long functions with a marker whose reason is empty. */
  readonly emptyReason: FunctionLength[];
  /** Long functions with a reason: allowed. */
  readonly reasoned: FunctionLength[];
  /** Functions that carry a marker but are not long. */
  readonly staleReason: FunctionLength[];
}

/** Every function-like node of one source text with the length of its body. */
export function measureFunctions(file: string, text: string): FunctionLength[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const lineOf = (position: number) => source.getLineAndCharacterOfPosition(position).line + 1;
  const found: FunctionLength[] = [];
  const visit = (node: ts.Node, outer: string | undefined) => {
    let scope = outer;
    if (isMeasured(node)) {
      const body = node.body;
      const name = nameOf(node, outer, lineOf(node.getStart(source)));
      const reason = markerOf(text, anchorOf(node));
      found.push({
        file,
        line: lineOf(node.getStart(source)),
        name,
        length: lineOf(body.getEnd()) - lineOf(body.getStart(source)) + 1,
        ...(reason !== undefined ? { reason } : {}),
      });
      scope = name;
    } else if (ts.isClassLike(node)) {
      scope = node.name?.text ?? "<class>";
    }
    ts.forEachChild(node, (child) => visit(child, scope));
  };
  visit(source, undefined);
  return found;
}

/** Sorts measured functions into the report's four lists. */
export function judgeFunctions(functions: readonly FunctionLength[], max: number = MAX_FUNCTION_LINES): LongFunctionReport {
  const report: LongFunctionReport = { long: [], emptyReason: [], reasoned: [], staleReason: [] };
  for (const f of functions) {
    if (f.length <= max) {
      if (f.reason !== undefined) report.staleReason.push(f);
    } else if (f.reason === undefined) report.long.push(f);
    else if (f.reason === "") report.emptyReason.push(f);
    else report.reasoned.push(f);
  }
  return report;
}

/** Every .ts file under the given directories (declaration files left out), sorted. */
export function sourceFiles(root: string, dirs: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith(".ts") && !entry.endsWith(".d.ts")) files.push(path);
    }
  };
  for (const dir of dirs) walk(join(root, dir));
  return files.map((file) => relative(root, file).split("\\").join("/"));
}

/** Measures and judges every function of the given directories of a checkout. */
export function scanLongFunctions(root: string, dirs: readonly string[] = ["lib"], max: number = MAX_FUNCTION_LINES): LongFunctionReport {
  const functions = sourceFiles(root, dirs).flatMap((file) => measureFunctions(file, readFileSync(join(root, file), "utf8")));
  return judgeFunctions(functions, max);
}

export function formatFunction(f: FunctionLength): string {
  return `${f.file}:${f.line} ${f.name} ${f.length}`;
}

type Measured = ts.FunctionLikeDeclaration & { readonly body: ts.Node };

function isMeasured(node: ts.Node): node is Measured {
  return (
    (ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isConstructorDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node) ||
      ts.isArrowFunction(node) ||
      ts.isFunctionExpression(node)) &&
    node.body !== undefined
  );
}

function propertyName(name: ts.PropertyName | ts.BindingName): string {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return "<computed>";
}

/** The name a reader would search for: the declaration's own, or the name it is assigned to. */
function nameOf(node: Measured, outer: string | undefined, line: number): string {
  const inClass = (own: string) => (outer ? `${outer}.${own}` : own);
  if (ts.isConstructorDeclaration(node)) return inClass("constructor");
  if (ts.isMethodDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) {
    const own = propertyName(node.name);
    const prefix = ts.isGetAccessorDeclaration(node) ? "get " : ts.isSetAccessorDeclaration(node) ? "set " : "";
    return ts.isClassLike(node.parent) ? inClass(`${prefix}${own}`) : nested(outer, `${prefix}${own}`);
  }
  if (ts.isFunctionDeclaration(node) && node.name) return nested(outer, node.name.text);
  if (ts.isFunctionExpression(node) && node.name) return nested(outer, node.name.text);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) return nested(outer, propertyName(parent.name));
  if (ts.isPropertyDeclaration(parent)) return inClass(propertyName(parent.name));
  return nested(outer, `<${ts.isArrowFunction(node) ? "arrow" : "function"} at line ${line}>`);
}

function nested(outer: string | undefined, own: string): string {
  return outer ? `${outer}/${own}` : own;
}

/** The node whose leading comments belong to the function: its declaration statement when it is assigned. */
function anchorOf(node: Measured): ts.Node {
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent)) {
    const list = parent.parent;
    return ts.isVariableDeclarationList(list) && ts.isVariableStatement(list.parent) && list.declarations[0] === parent
      ? list.parent
      : parent;
  }
  if (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent;
  return node;
}

/** The reason of a `// long-function:` comment among the comments directly above the node. */
function markerOf(text: string, anchor: ts.Node): string | undefined {
  const comments = ts.getLeadingCommentRanges(text, anchor.getFullStart()) ?? [];
  for (const comment of comments) {
    if (comment.kind !== ts.SyntaxKind.SingleLineCommentTrivia) continue;
    const match = MARKER.exec(text.slice(comment.pos, comment.end));
    if (match) return match[1].trim();
  }
  return undefined;
}

if (require.main === module) {
  const dirs = process.argv.slice(2);
  const report = scanLongFunctions(process.cwd(), dirs.length > 0 ? dirs : ["lib"]);
  const byLength = (a: FunctionLength, b: FunctionLength) => b.length - a.length;
  for (const f of [...report.long].sort(byLength)) console.log(`long          ${formatFunction(f)}`);
  for (const f of [...report.emptyReason].sort(byLength)) console.log(`empty reason  ${formatFunction(f)}`);
  for (const f of [...report.staleReason].sort(byLength)) console.log(`stale reason  ${formatFunction(f)}`);
  for (const f of [...report.reasoned].sort(byLength)) console.log(`reasoned      ${formatFunction(f)}  (${f.reason})`);
  process.exitCode = report.long.length + report.emptyReason.length + report.staleReason.length > 0 ? 1 : 0;
}
