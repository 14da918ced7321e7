/**
 * Tag values carry register data (owner, purpose...) into AWS, where tag values allow letters,
 * digits, spaces and `_.:/=+-@` up to 256 characters. Anything else becomes a space.
 */
export function awsTagValue(text: string): string {
  const cleaned = text
    .replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  return cleaned.slice(0, 256).trim();
}

/** Tags with sorted keys, so the synthesized JSON is the same whatever order they were built in. */
export function sortedTags(tags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
