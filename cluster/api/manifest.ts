/**
 * Reading Kubernetes YAML: one or many documents (`---`), each a Node or a Pod, into
 * {@link Node}s and {@link Pod}s. A mistake is reported with its document, object and
 * field path, the value found and how to fix it:
 *
 * ```
 *   SyntaxError: Cannot read manifest document 2 (Pod web-1):
 *     spec.containers[0].resources.requests.cpu: cannot parse quantity '1 5': …
 * ```
 *
 * @module
 */

import { parseAllDocuments } from "yaml";
import type { z } from "zod";
import { nearestName } from "@src/options/mod.ts";
import {
  KNOWN_FIELDS,
  type Node,
  nodeFromManifest,
  NodeManifestSchema,
  type Pod,
  podFromManifest,
  PodManifestSchema,
} from "./objects.ts";

/**
 * What a manifest holds.
 *
 * @example
 * ```ts
 * import type { Manifests } from "./manifest.ts";
 * const empty: Manifests = { nodes: [], pods: [] };
 * ```
 */
export interface Manifests {
  readonly nodes: Node[];
  readonly pods: Pod[];
}

function pathText(path: readonly PropertyKey[]): string {
  let text = "";
  for (const key of path) {
    text += typeof key === "number" ? `[${key}]` : text === "" ? String(key) : `.${String(key)}`;
  }
  return text || "(document)";
}

function describeIssue(issue: z.core.$ZodIssue, document: unknown): string {
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0];
    const near = nearestName(key, [...KNOWN_FIELDS]);
    return `unknown field "${pathText([...issue.path, key])}"` +
      (near ? `; did you mean "${near}"?` : "; remove it or check its spelling") +
      " (an API server rejects it too: strict field validation)";
  }
  let found: unknown = document;
  for (const key of issue.path) found = (found as Record<PropertyKey, unknown>)?.[key];
  const shown = found === undefined ? "missing" : JSON.stringify(found);
  const message = issue.code === "custom" ? issue.message : `${issue.message} (got ${shown})`;
  return `${pathText(issue.path)}: ${message}`;
}

/**
 * Parse one manifest object (already decoded from YAML or written as a literal).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseObject } from "./manifest.ts";
 * const node = parseObject({ kind: "Node", metadata: { name: "n1" }, status: { allocatable: { cpu: "2", memory: "4Gi" } } });
 * assert.equal(node.kind, "Node");
 * assert.throws(() => parseObject({ kind: "Service" }), /kind must be Node or Pod/);
 * ```
 */
export function parseObject(
  object: unknown,
  label = "object",
): { kind: "Node"; node: Node } | { kind: "Pod"; pod: Pod } {
  const record = object as { kind?: unknown; metadata?: { name?: unknown } } | null;
  if (typeof record !== "object" || record === null || Array.isArray(record)) {
    throw new TypeError(
      `Cannot read ${label}: expected a mapping with kind and metadata, got ${
        JSON.stringify(object)
      }`,
    );
  }
  const kind = record.kind;
  const name = typeof record.metadata?.name === "string" ? ` ${record.metadata.name}` : "";
  const where = `${label} (${String(kind)}${name})`;
  if (kind === "Node") {
    const result = NodeManifestSchema.safeParse(object);
    if (!result.success) throw manifestError(where, result.error.issues[0], object);
    return { kind, node: nodeFromManifest(result.data) };
  }
  if (kind === "Pod") {
    const result = PodManifestSchema.safeParse(object);
    if (!result.success) throw manifestError(where, result.error.issues[0], object);
    return { kind, pod: podFromManifest(result.data) };
  }
  throw new TypeError(
    `Cannot read ${where}: kind must be Node or Pod (got ${
      JSON.stringify(kind)
    }); set kind: Node or kind: Pod`,
  );
}

function manifestError(where: string, issue: z.core.$ZodIssue, object: unknown): Error {
  const text = `Cannot read ${where}: ${describeIssue(issue, object)}`;
  return issue.code === "custom" ? new SyntaxError(text) : new TypeError(text);
}

/**
 * Parse YAML text holding Nodes and Pods, `---`-separated (empty documents are skipped).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseManifests } from "./manifest.ts";
 * const { nodes, pods } = parseManifests(`
 * kind: Node
 * metadata: {name: n1}
 * status: {allocatable: {cpu: "4", memory: 8Gi}}
 * ---
 * kind: Pod
 * metadata: {name: web}
 * spec: {containers: [{name: app, resources: {requests: {cpu: 500m}}}]}
 * `);
 * assert.equal(nodes[0].allocatable.memory, 8 * 2 ** 30);
 * assert.equal(pods[0].containers[0].resources.requests.cpu, 500);
 * ```
 */
export function parseManifests(text: string): Manifests {
  const nodes: Node[] = [];
  const pods: Pod[] = [];
  parseAllDocuments(text).forEach((document, index) => {
    if (!("errors" in document)) return;
    if (document.errors.length > 0) {
      throw new SyntaxError(
        `Cannot read manifest document ${index + 1}: YAML error: ${document.errors[0].message}`,
      );
    }
    const object = document.toJS();
    if (object === null || object === undefined) return;
    const parsed = parseObject(object, `manifest document ${index + 1}`);
    if (parsed.kind === "Node") nodes.push(parsed.node);
    else pods.push(parsed.pod);
  });
  return { nodes, pods };
}
