/**
 * What each regulation the schema accepts adds to the class table: ONE table, each control with
 * the basis it rests on. A basis is either a clause (source, clause id, where to read it) or house
 * policy (why, and the clause it is an analogy to, if any). Clauses were re-read against a primary
 * text or a reputable mirror before being cited (see `checked`); a clause that could not be
 * re-read is house policy with the clause named as an analogy.
 *
 * Pure data (no cdktf): the spec rules, the retention constants of `class-defaults.ts` and the
 * README table are derived from it.
 */
import type { Regulation } from "./regulations";

export interface ClauseReference {
  /** The instrument, e.g. `PCI DSS v4.0.1` or `45 CFR Part 164`. */
  readonly source: string;
  /** The clause id, e.g. `10.5.1` or `164.312(b)`. */
  readonly clause: string;
  readonly url: string;
}

export type ControlBasis =
  | (ClauseReference & {
      readonly kind: "clause";
      /** Where the wording was checked (primary text or a mirror quoting it). */
      readonly checked: string;
      /** What of the control is still house policy (a period the clause does not fix). */
      readonly houseValue?: string;
    })
  | {
      readonly kind: "house-policy";
      readonly reason: string;
      /** A clause the policy is modelled on, which does not itself require the value. */
      readonly analogy?: ClauseReference;
    };

/** One control a regulation adds, with its value and basis. `kind` says who enforces it. */
export type RegulationControl =
  /** Production audit trail retention (days): Object Lock period of the account trail. */
  | { readonly kind: "audit-retention"; readonly days: number; readonly basis: ControlBasis }
  /** Login MFA for the people who can read values (operators, break-glass). */
  | { readonly kind: "human-mfa"; readonly tiers: "production" | "all"; readonly basis: ControlBasis }
  /** Human reads in production need a second person (`approvals`, Vault control groups). */
  | { readonly kind: "approvals"; readonly basis: ControlBasis }
  /** The Vault cluster's audit log is shipped to an immutable store (`vault.audit`). */
  | { readonly kind: "audit-shipping"; readonly basis: ControlBasis }
  /** A credential unused for this long is reported dormant (min with the class value). */
  | { readonly kind: "dormancy"; readonly days: number; readonly basis: ControlBasis }
  /** Access is reviewed at least this often (`lifecycle.reviewBy` no further ahead). */
  | { readonly kind: "access-review"; readonly maxDays: number; readonly basis: ControlBasis }
  /** A recovery drill at least this often. */
  | { readonly kind: "drill"; readonly everyDays: number; readonly basis: ControlBasis }
  /** A written emergency (break-glass) procedure in the runbook. */
  | { readonly kind: "break-glass-procedure"; readonly basis: ControlBasis }
  /** The incident runbook names the notification deadline. */
  | { readonly kind: "breach-notification"; readonly hours: number; readonly basis: ControlBasis }
  /** Anomaly alarms on secret access stay on. */
  | { readonly kind: "anomaly-alarms"; readonly basis: ControlBasis }
  /** Rotation periods: the class table's, nothing stricter. */
  | { readonly kind: "rotation"; readonly note: string; readonly basis: ControlBasis }
  /** Non-production audit logs are kept no longer than this (days). */
  | { readonly kind: "non-production-retention-cap"; readonly days: number; readonly basis: ControlBasis }
  /** Nothing beyond the class table. */
  | { readonly kind: "class-defaults"; readonly basis: ControlBasis };

export type ControlKind = RegulationControl["kind"];

export interface RegulationRow {
  /** How the README names it. */
  readonly title: string;
  readonly controls: readonly RegulationControl[];
}

const PCI: Omit<ClauseReference, "clause"> = {
  source: "PCI DSS v4.0.1",
  url: "https://www.pcisecuritystandards.org/document_library/",
};
const HIPAA: Omit<ClauseReference, "clause"> = {
  source: "45 CFR Part 164 (HIPAA Security Rule)",
  url: "https://www.ecfr.gov/current/title-45/subtitle-A/subchapter-C/part-164",
};
const GLBA: Omit<ClauseReference, "clause"> = {
  source: "16 CFR Part 314 (FTC Safeguards Rule, GLBA)",
  url: "https://www.ecfr.gov/current/title-16/chapter-I/subchapter-C/part-314",
};
const GDPR: Omit<ClauseReference, "clause"> = {
  source: "Regulation (EU) 2016/679 (GDPR)",
  url: "https://eur-lex.europa.eu/eli/reg/2016/679/oj",
};
const SOC2: Omit<ClauseReference, "clause"> = {
  source: "AICPA Trust Services Criteria (2017, revised points of focus 2022)",
  url: "https://www.aicpa-cima.com/resources/download/2017-trust-services-criteria-with-revised-points-of-focus-2022",
};
const ISO27001: Omit<ClauseReference, "clause"> = {
  source: "ISO/IEC 27001:2022 Annex A (paywalled: clause ids and titles only)",
  url: "https://www.iso.org/standard/27001",
};
const SOX: Omit<ClauseReference, "clause"> = {
  source: "Sarbanes-Oxley Act of 2002",
  url: "https://www.govinfo.gov/app/details/PLAW-107publ204",
};
const CCPA: Omit<ClauseReference, "clause"> = {
  source: "California Civil Code (CCPA/CPRA)",
  url: "https://leginfo.legislature.ca.gov/faces/codes_displayText.xhtml?division=3.&part=4.&lawCode=CIV&title=1.81.5",
};

const clause = (ref: Omit<ClauseReference, "clause">, id: string, checked: string, houseValue?: string): ControlBasis => ({
  kind: "clause",
  ...ref,
  clause: id,
  checked,
  ...(houseValue ? { houseValue } : {}),
});
const house = (reason: string, analogy?: [Omit<ClauseReference, "clause">, string]): ControlBasis => ({
  kind: "house-policy",
  reason,
  ...(analogy ? { analogy: { ...analogy[0], clause: analogy[1] } } : {}),
});

const MIRROR_PCI = "PCI DSS v4.0.1 requirement text as quoted by withpci.com / PCI SSC FAQ";
const ECFR = "eCFR/govinfo text of the section";
const EUR_LEX = "regulation text (EUR-Lex, as quoted by commonaccord.org and gdprlearninghub.com)";

export const REGULATION_CONTROLS: Readonly<Record<Regulation, RegulationRow>> = Object.freeze({
  pci: {
    title: "PCI DSS",
    controls: [
      { kind: "audit-retention", days: 365, basis: clause(PCI, "10.5.1", MIRROR_PCI) },
      { kind: "human-mfa", tiers: "production", basis: clause(PCI, "8.4.2 (administrative access: 8.4.1)", MIRROR_PCI) },
      {
        kind: "rotation",
        note: "the class table's periods (the entity's targeted risk analysis); 8.3.9's 90 days is for user passwords and is not applied",
        basis: clause(
          PCI,
          "8.6.3 (with 12.3.1)",
          "PCI DSS v4.0.1 requirement text as quoted by cloudaware.com",
          "the period itself: class table",
        ),
      },
      {
        kind: "dormancy",
        days: 90,
        basis: house("credentials unused for 90 days are reported dormant, whatever their class allows", [
          PCI,
          "8.2.6 (inactive user accounts within 90 days)",
        ]),
      },
      { kind: "access-review", maxDays: 183, basis: clause(PCI, "7.2.4", "PCI DSS v4.0.1 requirement text as quoted by cloudaware.com") },
      { kind: "drill", everyDays: 365, basis: clause(PCI, "12.10.2", MIRROR_PCI) },
    ],
  },
  hipaa: {
    title: "HIPAA",
    controls: [
      { kind: "audit-shipping", basis: clause(HIPAA, "164.312(b)", ECFR) },
      {
        kind: "audit-retention",
        days: 2190,
        basis: house("six years, as for the documentation the Security Rule requires (audit logs are not named there)", [
          HIPAA,
          "164.316(b)(2)(i)",
        ]),
      },
      { kind: "break-glass-procedure", basis: clause(HIPAA, "164.312(a)(2)(ii)", ECFR) },
      {
        kind: "human-mfa",
        tiers: "production",
        basis: house("a second factor for people who can read values; the rule asks for authentication, not MFA", [HIPAA, "164.312(d)"]),
      },
      {
        kind: "drill",
        everyDays: 365,
        basis: clause(
          HIPAA,
          "164.308(a)(7)(ii)(D)",
          "regulation text as quoted by hipaatemplates.com and clearwatercompliance.com",
          "the yearly period (the specification is addressable and sets none)",
        ),
      },
    ],
  },
  sox: {
    title: "SOX",
    controls: [
      {
        kind: "audit-retention",
        days: 2555,
        basis: house("seven years, as auditors keep their work papers; SOX names no log retention", [SOX, "section 802 (17 CFR 210.2-06)"]),
      },
      {
        kind: "approvals",
        basis: house(
          "a second person approves human reads in production (internal control over financial reporting; SOX names no control)",
          [SOX, "section 404"],
        ),
      },
    ],
  },
  gdpr: {
    title: "GDPR",
    controls: [
      {
        kind: "drill",
        everyDays: 365,
        basis: clause(GDPR, "Art. 32(1)(d)", EUR_LEX, "the yearly period (the article asks for regular testing)"),
      },
      { kind: "breach-notification", hours: 72, basis: clause(GDPR, "Art. 33(1)", EUR_LEX) },
      {
        kind: "non-production-retention-cap",
        days: 90,
        basis: house("non-production audit logs are kept 90 days, no longer than needed", [GDPR, "Art. 5(1)(e) (storage limitation)"]),
      },
    ],
  },
  ccpa: {
    title: "CCPA",
    controls: [
      {
        kind: "class-defaults",
        basis: house("no numeric control: the class table is the 'reasonable security' the statute asks for", [
          CCPA,
          "§1798.100(e), §1798.150",
        ]),
      },
    ],
  },
  glba: {
    title: "GLBA",
    controls: [
      {
        kind: "human-mfa",
        tiers: "all",
        basis: clause(
          GLBA,
          "314.4(c)(5)",
          "rule text as quoted in a federal audit finding (fac.procurementexpress.com) and FTC guidance summaries",
        ),
      },
      {
        kind: "audit-shipping",
        basis: house("the audit log of the Vault cluster is shipped to an immutable store (wording of the clause not re-read here)", [
          GLBA,
          "314.4(c)(8)",
        ]),
      },
      {
        kind: "break-glass-procedure",
        basis: house(
          "the incident runbook and the break-glass procedure are the written response plan (wording of the clause not re-read here)",
          [GLBA, "314.4(h)"],
        ),
      },
    ],
  },
  soc2: {
    title: "SOC 2",
    controls: [
      {
        kind: "anomaly-alarms",
        basis: clause(
          SOC2,
          "CC7.2",
          "criterion text as quoted by auditfront.com and alsmola.github.io/graphgrc",
          "thresholds and alarm periods",
        ),
      },
      {
        kind: "dormancy",
        days: 90,
        basis: house("unused credentials are found and removed (90 days, as the class table's moderate class)", [
          SOC2,
          "CC6.2/CC6.3 (not re-read here)",
        ]),
      },
    ],
  },
  iso27001: {
    title: "ISO/IEC 27001",
    controls: [
      {
        kind: "access-review",
        maxDays: 365,
        basis: house("access rights reviewed at least yearly", [ISO27001, "Annex A 5.18 Access rights"]),
      },
      {
        kind: "anomaly-alarms",
        basis: house("logging and monitoring stay on (8.15 Logging, 8.16 Monitoring activities); values are the library's", [
          ISO27001,
          "Annex A 8.15, 8.16",
        ]),
      },
      {
        kind: "human-mfa",
        tiers: "production",
        basis: house("secure authentication of people who can read values", [ISO27001, "Annex A 8.5 Secure authentication"]),
      },
    ],
  },
});

/** The controls of one kind that a set of regulations adds, with the regulation each comes from. */
export function controlsOf<K extends ControlKind>(
  regulations: readonly Regulation[],
  kind: K,
): { regulation: Regulation; control: Extract<RegulationControl, { kind: K }> }[] {
  return [...new Set(regulations)]
    .sort()
    .flatMap((regulation) =>
      REGULATION_CONTROLS[regulation].controls
        .filter((control): control is Extract<RegulationControl, { kind: K }> => control.kind === kind)
        .map((control) => ({ regulation, control })),
    );
}

/** `PCI DSS v4.0.1 10.5.1` or `house policy (analogy: ...)`: how a basis is written in tables. */
export function basisText(basis: ControlBasis): string {
  if (basis.kind === "clause") return `${basis.source} ${basis.clause}${basis.houseValue ? `; house: ${basis.houseValue}` : ""}`;
  return `house policy: ${basis.reason}${basis.analogy ? ` (analogy: ${basis.analogy.source} ${basis.analogy.clause})` : ""}`;
}

function valueText(control: RegulationControl): string {
  switch (control.kind) {
    case "audit-retention":
      return `${control.days} days`;
    case "human-mfa":
      return control.tiers === "all" ? "every tier" : "production";
    case "dormancy":
      return `${control.days} days`;
    case "access-review":
      return `at least every ${control.maxDays} days`;
    case "drill":
      return `every ${control.everyDays} days`;
    case "breach-notification":
      return `${control.hours} hours`;
    case "non-production-retention-cap":
      return `${control.days} days`;
    case "rotation":
      return control.note;
    default:
      return "required";
  }
}

/** The README table ("Regulations drive controls"), in Markdown, from the table above. */
export function renderRegulationTable(): string {
  const lines = ["| regulation | control | value | basis |", "|---|---|---|---|"];
  for (const [name, row] of Object.entries(REGULATION_CONTROLS) as [Regulation, RegulationRow][]) {
    for (const control of row.controls) {
      lines.push(`| ${row.title} (\`${name}\`) | ${control.kind} | ${valueText(control)} | ${basisText(control.basis)} |`);
    }
  }
  return `${lines.join("\n")}\n`;
}
