/**
 * Tag values carry register data (owner, purpose...) into AWS, where tag values allow letters,
 * digits, spaces and `_.:/=+-@` up to 256 characters. Anything else becomes a space.
 */
import { byText } from "./compare";

export function awsTagValue(text: string): string {
  // Only plain text is already clean: anything else goes through the Unicode-aware rewrite.
  if (text.length <= 256 && PLAIN_TAG_VALUE.test(text)) return text;
  const cleaned = text
    .replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  return cleaned.slice(0, 256).trim();
}

/** ASCII letters, digits and the allowed punctuation, single spaces inside, at most 256 characters: the rewrite changes nothing. */
const PLAIN_TAG_VALUE = /^(?:[A-Za-z0-9_.:/=+\-@]+(?: [A-Za-z0-9_.:/=+\-@]+)*)?$/;

/**
 * Tags with sorted keys, so the synthesized JSON is the same whatever order they were built in.
 * A new object; planned for every credential of every environment, so it copies keys once instead
 * of going through entry pairs.
 */
export function sortedTags(tags: Record<string, string>): Record<string, string> {
  const keys = Object.keys(tags);
  // `__proto__` is a key only when defined as data (an assignment would set the prototype).
  if (keys.includes("__proto__")) return Object.fromEntries(Object.entries(tags).sort(([a], [b]) => byText(a, b)));
  let ordered = true;
  for (let i = 1; i < keys.length && ordered; i++) ordered = keys[i - 1] < keys[i];
  if (!ordered) keys.sort(byText);
  const out: Record<string, string> = {};
  for (const key of keys) out[key] = tags[key];
  return out;
}
