/**
 * Rewrites the README's "Record fields" table from lib/rotation/record-fields.ts (between its
 * record-fields markers); test/rotation/record-fields-table.test.ts fails when they differ.
 *   npx tsx tools/record-fields-table.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderRecordFieldsTable } from "../lib/rotation/record-fields-table";

const file = join(__dirname, "..", "README.md");
const text = readFileSync(file, "utf8");
const begin = /<!-- record-fields:begin[^>]*-->/.exec(text);
const end = text.indexOf("<!-- record-fields:end -->");
if (!begin || end < 0) throw new Error("README.md has no record-fields markers");
writeFileSync(file, `${text.slice(0, begin.index + begin[0].length)}\n${renderRecordFieldsTable()}\n${text.slice(end)}`);
