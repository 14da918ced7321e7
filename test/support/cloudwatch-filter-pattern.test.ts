import { filterPatternMatches, FilterPatternSyntaxError, parseFilterPattern } from "./cloudwatch-filter-pattern";

/*
 * Rows transcribed from the AWS documentation's examples (the log events and the patterns), so the
 * oracle is checked against AWS's own statement of what matches:
 *   DOC_SYNTAX = https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 *   DOC_JSON   = https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/matching-terms-json-log-events.html
 * Rows marked "house reading" are where the docs are silent; the oracle takes the reading that makes
 * alarms fire less (see the oracle's header).
 */

// DOC_SYNTAX / DOC_JSON: the CloudTrail-like example event.
const trailEvent = JSON.stringify({
  eventType: "UpdateTrail",
  sourceIPAddress: "111.111.111.111",
  arrayKey: ["value", "another value"],
  objectList: [
    { name: "a", id: 1 },
    { name: "b", id: 2 },
  ],
  SomeObject: null,
  ThisFlag: true,
});

// DOC_JSON: the compound-expression example event.
const userEvent = JSON.stringify({
  user: { id: 1, email: "John.Stiles@example.com" },
  users: [
    { id: 2, email: "John.Doe@example.com" },
    { id: 3, email: "Jane.Doe@example.com" },
  ],
  actions: ["GET", "PUT", "DELETE"],
  coordinates: [
    [0, 1],
    [2, 3],
  ],
});

describe("the CloudWatch filter-pattern oracle, against the AWS documentation's examples", () => {
  const rows: [string, string, string, boolean][] = [
    ["DOC_JSON", trailEvent, `{ $.eventType = "UpdateTrail" }`, true],
    ["DOC_JSON", trailEvent, `{ $.eventType = "CreateTrail" }`, false],
    ["DOC_JSON", trailEvent, `{ $.sourceIPAddress != 123.123.* }`, true],
    ["DOC_JSON", trailEvent, `{ $.sourceIPAddress != 111.111.* }`, false],
    ["DOC_JSON", trailEvent, `{ $.arrayKey[0] = "value" }`, true],
    ["DOC_JSON", trailEvent, `{ $.arrayKey[1] = "value" }`, false],
    ["DOC_JSON", trailEvent, `{ $.objectList[1].id = 2 }`, true],
    ["DOC_JSON", trailEvent, `{ $.objectList[0].id = 2 }`, false],
    ["DOC_JSON", trailEvent, `{ $.SomeObject IS NULL }`, true],
    ["DOC_JSON", trailEvent, `{ $.eventType IS NULL }`, false],
    ["DOC_JSON", trailEvent, `{ $.SomeOtherObject NOT EXISTS }`, true],
    ["DOC_JSON", trailEvent, `{ $.SomeObject NOT EXISTS }`, false],
    ["DOC_JSON", trailEvent, `{ $.ThisFlag IS TRUE }`, true],
    ["DOC_JSON", trailEvent, `{ $.ThisFlag IS FALSE }`, false],
    ["DOC_JSON", trailEvent, `{ ($.eventType = "UpdateTrail") && ($.sourceIPAddress != 123.123.*) }`, true],
    ["DOC_SYNTAX", trailEvent, `{ $.eventType = "Update*" }`, true],
    ["DOC_SYNTAX", trailEvent, `{ $.eventType = "*Trail" }`, true],
    ["DOC_SYNTAX", trailEvent, `{ $.eventType = * }`, true],
    ["DOC_SYNTAX", trailEvent, `{ $.nothere = * }`, false],
    ["DOC_JSON", userEvent, `{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }`, true],
    ["DOC_JSON", userEvent, `{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }`, false],
    [
      "DOC_JSON",
      userEvent,
      `{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch" && $.actions[2] = "nonmatch" }`,
      true,
    ],
    [
      "DOC_JSON",
      userEvent,
      `{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch") && $.actions[2] = "nonmatch" }`,
      false,
    ],
    ["DOC_JSON", userEvent, `{ $.user.id >= 1 && $.users[1].id < 4 }`, true],
    ["DOC_JSON", userEvent, `{ $.user.id > 1 }`, false],
    // house readings (docs silent): fire less
    ["house reading", trailEvent, `{ $.missing != "x" }`, false],
    ["house reading", trailEvent, `{ $.objectList[0].id = "1" }`, false],
    ["house reading", `not json at all`, `{ $.eventType = "UpdateTrail" }`, false],
    ["house reading", `["UpdateTrail"]`, `{ $.eventType = "UpdateTrail" }`, false],
  ];

  it.each(rows.map(([source, event, pattern, expected]) => [source, pattern, expected, event] as const))(
    "%s: %s matches: %s",
    (_source, pattern, expected, event) => {
      expect(filterPatternMatches(pattern, event)).toBe(expected);
    },
  );

  it("matches case-sensitively (DOC_SYNTAX: filter patterns are case sensitive)", () => {
    expect(filterPatternMatches(`{ $.eventType = "updatetrail" }`, trailEvent)).toBe(false);
  });

  it("treats * in the middle of a quoted value as a wildcard and other regex characters literally", () => {
    const event = JSON.stringify({ error: "1 error occurred:\n\t* permission denied\n\n", path: "kv/data/a.b" });
    expect(filterPatternMatches(`{ $.error = "*permission denied*" }`, event)).toBe(true);
    expect(filterPatternMatches(`{ $.path = "kv/data/a?b" }`, event)).toBe(false);
    expect(filterPatternMatches(`{ $.path = "kv/data/a.b" }`, event)).toBe(true);
    expect(filterPatternMatches(`{ $.path = "kv/*/a.b" }`, event)).toBe(true);
  });

  it("refuses patterns that are not JSON patterns or are malformed", () => {
    for (const bad of [
      `ERROR`,
      `{ $.a = "x" `,
      `{ $.a "x" }`,
      `{ $.a = "x" } trailing`,
      `{ ($.a = "x" }`,
      `{ $.a > "x" }`,
      `{ $. = 1 }`,
      `{ $.a IS MAYBE }`,
    ]) {
      expect(() => parseFilterPattern(bad)).toThrow(FilterPatternSyntaxError);
    }
  });

  it("parses && tighter than ||", () => {
    expect(parseFilterPattern(`{ $.a = 1 || $.b = 2 && $.c = 3 }`)).toEqual({
      kind: "or",
      items: [
        { kind: "compare", selector: ["a"], op: "=", value: { kind: "number", n: 1 } },
        {
          kind: "and",
          items: [
            { kind: "compare", selector: ["b"], op: "=", value: { kind: "number", n: 2 } },
            { kind: "compare", selector: ["c"], op: "=", value: { kind: "number", n: 3 } },
          ],
        },
      ],
    });
  });
});
