/**
 * Short builders for tests and notebooks, in the spirit of upstream's
 * `pkg/scheduler/testing/wrappers.go` (`st.MakeNode()`, `st.MakePod()`): a few options in,
 * a manifest out, read through the same schemas as YAML so a typo fails the same way.
 *
 * ```ts
 * makeNode("n1", { cpu: "4", memory: "16Gi", labels: { zone: "a" } })
 * makePod("web-1", { cpu: "500m", memory: "256Mi", labels: { app: "web" } })
 * ```
 *
 * @module
 */

import { parseObject } from "./manifest.ts";
import type { LabelSelector, Node, Pod, Taint, Toleration } from "./objects.ts";

/**
 * Options of {@link makeNode}.
 *
 * @example
 * ```ts
 * import type { NodeOptions } from "./builders.ts";
 * const options: NodeOptions = { cpu: "8", memory: "32Gi", labels: { zone: "b" } };
 * ```
 */
export interface NodeOptions {
  /** Allocatable CPU. @default "0" */
  cpu?: string | number;
  /** Allocatable memory. @default "0" */
  memory?: string | number;
  /** Pod slots. @default 110 */
  pods?: number;
  /** Other allocatable resources, e.g. {"nvidia.com/gpu": 4}. @default {} */
  extended?: Record<string, string | number>;
  /** Labels (kubernetes.io/hostname is added). @default {} */
  labels?: Record<string, string>;
  /** Taints. @default [] */
  taints?: Partial<Taint>[];
  /** spec.unschedulable (cordoned). @default false */
  unschedulable?: boolean;
  /** Images present on the node. @default [] */
  images?: { names: string[]; sizeBytes: number }[];
}

/**
 * A node from a few options.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode } from "./builders.ts";
 * const node = makeNode("n1", { cpu: "4", memory: "8Gi", labels: { zone: "a" } });
 * assert.deepEqual(node.labels, { "kubernetes.io/hostname": "n1", zone: "a" });
 * assert.throws(() => makeNode("n2", { cpu: "4 cores" }), /status\.allocatable\.cpu: cannot parse quantity '4 cores'/);
 * ```
 */
export function makeNode(name: string, options: NodeOptions = {}): Node {
  const allocatable: Record<string, string | number> = {
    cpu: options.cpu ?? "0",
    memory: options.memory ?? "0",
    pods: options.pods ?? 110,
    ...(options.extended ?? {}),
  };
  const parsed = parseObject({
    kind: "Node",
    metadata: { name, labels: options.labels ?? {} },
    spec: { taints: options.taints ?? [], unschedulable: options.unschedulable ?? false },
    status: { allocatable, images: options.images ?? [] },
  }, `node ${name}`);
  return (parsed as { node: Node }).node;
}

/**
 * One container of {@link PodOptions}.
 *
 * @example
 * ```ts
 * import type { ContainerOptions } from "./builders.ts";
 * const c: ContainerOptions = { cpu: "250m", image: "nginx:1.27" };
 * ```
 */
export interface ContainerOptions {
  /** CPU request; omitted means "not set". */
  cpu?: string | number;
  /** Memory request; omitted means "not set". */
  memory?: string | number;
  /** Other requests. @default {} */
  extended?: Record<string, string | number>;
  /** Image name. @default "" */
  image?: string;
  /** Host ports wanted (TCP). @default [] */
  hostPorts?: number[];
}

/**
 * Options of {@link makePod}: the first container's fields, or `containers`.
 *
 * @example
 * ```ts
 * import type { PodOptions } from "./builders.ts";
 * const options: PodOptions = { cpu: "1", labels: { app: "web" }, priority: 10 };
 * ```
 */
export interface PodOptions extends ContainerOptions {
  /** Containers; when given, the top-level container fields are ignored. */
  containers?: ContainerOptions[];
  /** Init containers. @default [] */
  initContainers?: ContainerOptions[];
  /** Pod overhead (RuntimeClass). @default {} */
  overhead?: Record<string, string | number>;
  /** @default "default" */
  namespace?: string;
  /** @default {} */
  labels?: Record<string, string>;
  /** @default 0 */
  priority?: number;
  /** "Never" keeps the pod from preempting others. @default "PreemptLowerPriority" */
  preemptionPolicy?: "PreemptLowerPriority" | "Never";
  /** status.startTime, ns of simulated time (unset until bound). */
  startTime?: number;
  /** Bind to this node (skips scheduling upstream; here a filter). */
  nodeName?: string;
  /** @default {} */
  nodeSelector?: Record<string, string>;
  /** @default [] */
  tolerations?: Partial<Toleration>[];
  /** affinity.nodeAffinity as in a manifest. */
  nodeAffinity?: unknown;
  /** affinity.podAffinity as in a manifest. */
  podAffinity?: unknown;
  /** affinity.podAntiAffinity as in a manifest. */
  podAntiAffinity?: unknown;
  /** topologySpreadConstraints as in a manifest. @default [] */
  topologySpreadConstraints?: {
    maxSkew: number;
    topologyKey: string;
    whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
    labelSelector?: Partial<LabelSelector>;
    minDomains?: number;
  }[];
}

function container(options: ContainerOptions, name: string) {
  const requests: Record<string, string | number> = { ...(options.extended ?? {}) };
  if (options.cpu !== undefined) requests.cpu = options.cpu;
  if (options.memory !== undefined) requests.memory = options.memory;
  return {
    name,
    image: options.image ?? "",
    resources: { requests },
    ports: (options.hostPorts ?? []).map((port) => ({ containerPort: port, hostPort: port })),
  };
}

/**
 * A pod from a few options.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makePod } from "./builders.ts";
 * const pod = makePod("web", { containers: [{ cpu: "1" }, { cpu: "2", memory: "1Gi" }] });
 * assert.equal(pod.containers.length, 2);
 * assert.equal(pod.containers[0].resources.requests.memory, undefined); // not set
 * ```
 */
export function makePod(name: string, options: PodOptions = {}): Pod {
  const containers = (options.containers ?? [options]).map((c, i) => container(c, `c${i}`));
  const parsed = parseObject({
    kind: "Pod",
    metadata: { name, namespace: options.namespace ?? "default", labels: options.labels ?? {} },
    spec: {
      containers,
      initContainers: (options.initContainers ?? []).map((c, i) => container(c, `init${i}`)),
      overhead: options.overhead ?? {},
      ...(options.nodeName === undefined ? {} : { nodeName: options.nodeName }),
      nodeSelector: options.nodeSelector ?? {},
      priority: options.priority ?? 0,
      preemptionPolicy: options.preemptionPolicy ?? "PreemptLowerPriority",
      affinity: {
        ...(options.nodeAffinity === undefined ? {} : { nodeAffinity: options.nodeAffinity }),
        ...(options.podAffinity === undefined ? {} : { podAffinity: options.podAffinity }),
        ...(options.podAntiAffinity === undefined
          ? {}
          : { podAntiAffinity: options.podAntiAffinity }),
      },
      tolerations: options.tolerations ?? [],
      topologySpreadConstraints: options.topologySpreadConstraints ?? [],
    },
    status: options.startTime === undefined ? {} : { startTime: options.startTime },
  }, `pod ${name}`);
  return (parsed as { pod: Pod }).pod;
}
