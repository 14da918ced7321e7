// Checks a directory of acceptance inventories: every *.yaml at its top validates, and every file
// in invalid/ fails with the paths (or lines) its first line lists: `# expect: a|b, c`.
// Usage: tsx tools/check-acceptance-fixtures.ts <dir>
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { formatPath } from "../lib/inventory/issues";
import { validateInventoryFile } from "../lib/inventory/load";

const dir = process.argv[2];
let failures = 0;
const fail = (message: string) => {
  failures++;
  console.error(`FAIL ${message}`);
};

for (const name of readdirSync(dir)
  .filter((f) => f.endsWith(".yaml"))
  .sort()) {
  const result = validateInventoryFile(join(dir, name));
  if (result.ok) console.log(`ok   ${name} is valid`);
  else fail(`${name} should be valid: ${result.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join("; ")}`);
}

const invalidDir = join(dir, "invalid");
for (const name of readdirSync(invalidDir)
  .filter((f) => f.endsWith(".yaml"))
  .sort()) {
  const file = join(invalidDir, name);
  const header = /^# expect: (.*)$/.exec(readFileSync(file, "utf8").split("\n")[0]);
  const result = validateInventoryFile(file);
  if (result.ok) {
    fail(`${name} should be invalid`);
    continue;
  }
  const missing = (header?.[1] ?? "").split(/,\s*/).filter((wanted) => {
    const options = wanted.split("|").map((o) => o.trim());
    const lines = options.map((o) => /^line (\d+)$/.exec(o)?.[1]).filter((l): l is string => !!l);
    const lineOptions = lines.length > 0 ? lines.map(Number) : [];
    // `line 17|18` names lines: the second option is a bare number.
    if (/^line /.test(options[0]))
      lineOptions.push(
        ...options
          .slice(1)
          .map(Number)
          .filter((n) => !Number.isNaN(n)),
      );
    return !result.issues.some(
      (issue) => options.includes(formatPath(issue.path)) || (issue.line !== undefined && lineOptions.includes(issue.line)),
    );
  });
  if (missing.length > 0) fail(`${name} does not report ${missing.join(", ")}`);
  else console.log(`ok   invalid/${name} reports ${header?.[1]}`);
}
process.exitCode = failures > 0 ? 1 : 0;
