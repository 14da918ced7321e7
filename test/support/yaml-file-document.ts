import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { parse } from "yaml";

/**
 * A YAML file's document, read by the parser of record once per test file (the module registry is
 * per file) and handed to every caller as its own deep copy: tests mutate what they get, and a
 * change must never reach the next test. Parsing the shipped fixtures anew for every test took
 * about 5 s of the suite's CPU; a copy takes well under a millisecond.
 *
 * The copy goes through the test file's own JSON, not structuredClone: under jest, structuredClone
 * builds its objects in the outer realm, whose Object.prototype differs from the test's, and
 * isDeepStrictEqual (which validation uses) tells them apart. These documents hold only what JSON
 * holds (mappings, lists, text, finite numbers, booleans, null; no anchors), which the copy checks
 * (both sides are this realm's objects, so isDeepStrictEqual compares them as values).
 *
 * Only for files that do not change during a run (fixtures, examples).
 */
const parsed = new Map<string, string>();

export function yamlFileDocument(path: string): any {
  let text = parsed.get(path);
  if (text === undefined) {
    const document: unknown = parse(readFileSync(path, "utf8"));
    text = JSON.stringify(document);
    if (!isDeepStrictEqual(document, JSON.parse(text))) throw new Error(`${path} holds values JSON cannot copy exactly`);
    parsed.set(path, text);
  }
  return JSON.parse(text);
}
