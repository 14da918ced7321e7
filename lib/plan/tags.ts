/**
 * Tag values carry register data (owner, purpose...) into AWS, where tag values allow letters,
 * digits, spaces and `_.:/=+-@` up to 256 characters. Anything else becomes a space.
 */
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

/** Tags with sorted keys, so the synthesized JSON is the same whatever order they were built in. */
export function sortedTags(tags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
