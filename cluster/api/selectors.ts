/**
 * Matching rules shared by several plugins:
 *
 * - label selectors (`apimachinery/pkg/apis/meta/v1`, `LabelSelectorAsSelector`):
 *   matchLabels AND every matchExpression (In, NotIn, Exists, DoesNotExist);
 * - node selector terms (`component-helpers/scheduling/corev1/nodeaffinity`): a term ANDs its
 *   requirements (also Gt, Lt on integers; matchFields on metadata.name); a list of terms
 *   is ORed; a term with no requirements matches nothing;
 * - tolerations (`core/v1/toleration.go`, `ToleratesTaint`):
 *
 * ```
 *   effect:   toleration.effect == "" or == taint.effect
 *   key:      toleration.key == "" (operator must be Exists: tolerates every taint) or == taint.key
 *   operator: Exists → match;  Equal (default) → toleration.value == taint.value
 * ```
 *
 * @module
 */

import type { LabelSelector, NodeSelectorTerm, Taint, Toleration } from "./objects.ts";

type Requirement = NodeSelectorTerm["matchExpressions"][number];

function requirementMatches(requirement: Requirement, value: string | undefined): boolean {
  const { operator, values } = requirement;
  switch (operator) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    case "Gt":
    case "Lt": {
      if (value === undefined || values.length !== 1) return false;
      const have = Number.parseInt(value, 10);
      const want = Number.parseInt(values[0], 10);
      if (Number.isNaN(have) || Number.isNaN(want)) return false;
      return operator === "Gt" ? have > want : have < want;
    }
  }
}

/**
 * Does a label selector select these labels? (No selector selects nothing.)
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { matchesLabelSelector } from "./selectors.ts";
 * const selector = { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "NotIn" as const, values: ["db"] }] };
 * assert.ok(matchesLabelSelector(selector, { app: "web" }));
 * assert.ok(!matchesLabelSelector(selector, { app: "web", tier: "db" }));
 * ```
 */
export function matchesLabelSelector(
  selector: LabelSelector | undefined,
  labels: Readonly<Record<string, string>>,
): boolean {
  if (!selector) return false;
  for (const [key, value] of Object.entries(selector.matchLabels)) {
    if (labels[key] !== value) return false;
  }
  return selector.matchExpressions.every((r) => requirementMatches(r, labels[r.key]));
}

/**
 * Does one node selector term match a node (labels, and name for matchFields)?
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { matchesNodeSelectorTerm } from "./selectors.ts";
 * const term = { matchExpressions: [{ key: "cores", operator: "Gt" as const, values: ["8"] }], matchFields: [] };
 * assert.ok(matchesNodeSelectorTerm(term, { cores: "16" }, "n1"));
 * ```
 */
export function matchesNodeSelectorTerm(
  term: NodeSelectorTerm,
  labels: Readonly<Record<string, string>>,
  nodeName: string,
): boolean {
  if (term.matchExpressions.length === 0 && term.matchFields.length === 0) return false;
  return term.matchExpressions.every((r) => requirementMatches(r, labels[r.key])) &&
    term.matchFields.every((r) =>
      requirementMatches(r, r.key === "metadata.name" ? nodeName : undefined)
    );
}

/**
 * Does a toleration tolerate a taint?
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tolerates } from "./selectors.ts";
 * const taint = { key: "gpu", value: "true", effect: "NoSchedule" as const };
 * assert.ok(tolerates({ key: "gpu", operator: "Exists", value: "", effect: "" }, taint));
 * assert.ok(!tolerates({ key: "gpu", operator: "Equal", value: "false", effect: "" }, taint));
 * ```
 */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect !== "" && toleration.effect !== taint.effect) return false;
  if (toleration.key !== "" && toleration.key !== taint.key) return false;
  if (toleration.operator === "Exists") return true;
  return toleration.key !== "" && toleration.value === taint.value;
}

/**
 * The first taint (among those passing `filter`) that no toleration tolerates.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { findUntoleratedTaint } from "./selectors.ts";
 * const taints = [{ key: "a", value: "", effect: "PreferNoSchedule" as const }, { key: "b", value: "1", effect: "NoSchedule" as const }];
 * assert.equal(findUntoleratedTaint(taints, [], (t) => t.effect !== "PreferNoSchedule")?.key, "b");
 * ```
 */
export function findUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
  filter: (taint: Taint) => boolean = () => true,
): Taint | undefined {
  return taints.find((taint) => filter(taint) && !tolerations.some((t) => tolerates(t, taint)));
}
