import { accessGraph, logicalChanges, MERMAID_MAX_EDGES, mermaidLabel, type LogicalChange } from "../../../lib/analysis/review";
import { manifest, readRows } from "../../support/analysis/manifests";

const change = (who: string, credential: string, extra: Partial<LogicalChange> = {}): LogicalChange => ({
  direction: "gained",
  principalClass: "consumer",
  who,
  credential,
  connector: credential.split("/")[0],
  access: "read",
  environments: [{ name: "prod", production: true }],
  violations: [],
  principals: [],
  resources: [],
  actions: ["read"],
  ...extra,
});

describe("Mermaid graph of who gains or loses what", () => {
  it("draws one edge per change, gains solid and losses dotted, nodes numbered in sorted order", () => {
    const graph = accessGraph([
      change("finance-recon", "stripe-api/main"),
      change("price-files", "legacy-ftp/main", { direction: "lost", access: "read metadata" }),
    ]);
    expect(graph).toEqual([
      "```mermaid",
      "flowchart LR",
      '  n1["consumer finance-recon"]',
      '  n2["consumer price-files"]',
      '  n3["legacy-ftp/main"]',
      '  n4["stripe-api/main"]',
      '  n1 -->|"+ read (prod)"| n4',
      '  n2 -.->|"- read metadata (prod)"| n3',
      "```",
    ]);
  });

  it("keeps hostile ids inert: generated node ids, quoted labels, every Mermaid or Markdown sign as an entity code", () => {
    const hostile = 'x"]\nclick n1 call alert(1) %%{init: {"theme":"dark"}}%% `` ```<script>|end; A-->B#';
    const graph = accessGraph([change(hostile, "stripe-api/main", { principalClass: "unknown" })]);
    const body = graph.slice(2, -1);
    for (const line of body) expect(line).toMatch(/^ {2}n\d+(\["[^"\n]*"\]| -->\|"[^"\n]*"\| n\d+)$/);
    // Only the opening and closing fence hold backticks.
    expect(body.join("\n")).not.toContain("`");
    const label = mermaidLabel(hostile);
    expect(label.slice(1, -1)).toMatch(/^[A-Za-z0-9 _.,:/+()#;-]*$/);
    expect(label).toContain("#34;");
    expect(label).toContain("#96;");
    expect(label).toContain("#10;");
    expect(mermaidLabel("#")).toBe('"#35;"');
    expect(graph.filter((line) => line === "```")).toHaveLength(1);
  });

  it("leaves the graph out above the edge limit, with a line saying so, and draws it at the limit", () => {
    const many = Array.from({ length: MERMAID_MAX_EDGES + 1 }, (_, i) =>
      change(`consumer-${String(i).padStart(2, "0")}`, "stripe-api/main"),
    );
    expect(accessGraph(many)).toEqual([
      `Graph left out: ${MERMAID_MAX_EDGES + 1} access changes (more than ${MERMAID_MAX_EDGES}); the table lists them all.`,
    ]);
    expect(accessGraph(many.slice(0, MERMAID_MAX_EDGES))[0]).toBe("```mermaid");
    expect(accessGraph([])).toEqual([]);
  });

  it("is the same text for the same changes, whatever the order of the rows behind them", () => {
    const rows = [...readRows("finance-recon", "stripe-api/main"), ...readRows("payouts", "stripe-api/main")];
    const intent = manifest({ consumers: ["finance-recon", "payouts"] });
    expect(accessGraph(logicalChanges([...rows].reverse(), [], intent, intent))).toEqual(
      accessGraph(logicalChanges(rows, [], intent, intent)),
    );
  });
});
