/**
 * Nodes and Pods as the scheduler sees them, and the zod schemas that read their
 * Kubernetes manifests (`apiVersion: v1`, `kind: Node | Pod`) into them. Field names follow
 * k8s.io/api `core/v1/types.go`; quantities become integers in the scheduler's units
 * (cpu millicores, memory bytes — see `quantity.ts`).
 *
 * ```
 *   Node { name, labels, allocatable {cpu: 4000, memory: 8589934592, pods: 110},
 *          taints [{key, value, effect}], unschedulable, images [{names, sizeBytes}] }
 *   Pod  { name, namespace, labels, priority, preemptionPolicy, startTime?, nodeName?,
 *          containers [{name, image, requests, limits, ports}], initContainers, overhead,
 *          nodeSelector, affinity {nodeAffinity, podAffinity, podAntiAffinity}, tolerations,
 *          topologySpreadConstraints }
 * ```
 *
 * Requests keep the difference between "absent" and "0": the scoring plugins give an
 * absent cpu/memory request a non-zero default, an explicit 0 stays 0 (`pod_resources.ts`).
 *
 * @module
 */

import { z } from "zod";
import { resourceAmount } from "./quantity.ts";

/**
 * Every field name the manifest schemas know, for "did you mean …?" on a misspelled one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { KNOWN_FIELDS } from "./objects.ts";
 * assert.ok(KNOWN_FIELDS.has("resources") && KNOWN_FIELDS.has("volumeMounts"));
 * ```
 */
export const KNOWN_FIELDS: Set<string> = new Set();

/**
 * An object of a Kubernetes manifest. The API server rejects unknown fields (strict field
 * validation, the default since Kubernetes 1.27: "strict decoding error: unknown field …"),
 * so a misspelled `resource:` is an error here too, not a silently ignored line. Fields a
 * real manifest may carry that this model does not use are listed in `ignored`: accepted,
 * then dropped.
 */
function k8sObject<T extends Record<string, z.ZodType>>(shape: T, ignored: readonly string[] = []) {
  for (const key of [...Object.keys(shape), ...ignored]) KNOWN_FIELDS.add(key);
  const extra = Object.fromEntries(ignored.map((key) => [key, z.unknown().optional()]));
  return z.strictObject({ ...shape, ...extra } as T);
}

/** Metadata fields a manifest may carry (core/v1 ObjectMeta) that the model ignores. */
const IGNORED_METADATA = [
  "annotations",
  "uid",
  "generateName",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "ownerReferences",
  "finalizers",
  "managedFields",
  "selfLink",
];

/** A quantity field: text or a number, parsed into the scheduler's unit for `resource`. */
const amount = (resource: string) =>
  z.union([z.string(), z.number()]).transform((text, ctx) => {
    try {
      return resourceAmount(resource, text);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
      return z.NEVER;
    }
  });

/** A resource list (`requests:`, `allocatable:`): every value parsed in its resource's unit. */
const ResourceList = z.record(z.string(), z.union([z.string(), z.number()])).transform(
  (list, ctx) => {
    const out: Record<string, number> = {};
    for (const [name, text] of Object.entries(list)) {
      const parsed = amount(name).safeParse(text);
      if (parsed.success) out[name] = parsed.data;
      else ctx.addIssue({ code: "custom", message: parsed.error.issues[0].message, path: [name] });
    }
    return out;
  },
);

const Labels = z.record(z.string(), z.string()).default({});
const Effect = z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]);

/**
 * Schema of a taint (core/v1 `Taint`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TaintSchema } from "./objects.ts";
 * assert.equal(TaintSchema.parse({ key: "k", effect: "NoSchedule" }).value, "");
 * ```
 */
export const TaintSchema = k8sObject({
  key: z.string().min(1),
  value: z.string().default(""),
  effect: Effect,
}, ["timeAdded"]);
/**
 * Schema of a toleration (core/v1 `Toleration`); operator defaults to Equal.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TolerationSchema } from "./objects.ts";
 * assert.equal(TolerationSchema.parse({ key: "k" }).operator, "Equal");
 * ```
 */
export const TolerationSchema = k8sObject({
  key: z.string().default(""),
  operator: z.enum(["Exists", "Equal"]).default("Equal"),
  value: z.string().default(""),
  effect: z.union([Effect, z.literal("")]).default(""),
}, ["tolerationSeconds"]);

const Requirement = k8sObject({
  key: z.string(),
  operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"]),
  values: z.array(z.string()).default([]),
});
const NodeSelectorTerm = k8sObject({
  matchExpressions: z.array(Requirement).default([]),
  matchFields: z.array(Requirement).default([]),
});
const LabelSelector = k8sObject({
  matchLabels: Labels,
  matchExpressions: z.array(
    k8sObject({
      key: z.string(),
      operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist"]),
      values: z.array(z.string()).default([]),
    }),
  ).default([]),
});

/**
 * One pod (anti-)affinity term (core/v1 `PodAffinityTerm`): the pods selected by
 * `labelSelector` in `namespaces` (empty: the pod's own namespace), counted per value of the
 * node label `topologyKey`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PodAffinityTermSchema } from "./objects.ts";
 * const term = PodAffinityTermSchema.parse({ labelSelector: { matchLabels: { app: "web" } }, topologyKey: "zone" });
 * assert.deepEqual(term.namespaces, []);
 * ```
 */
export const PodAffinityTermSchema = k8sObject({
  labelSelector: LabelSelector.optional(),
  namespaces: z.array(z.string()).default([]),
  topologyKey: z.string(),
}, ["namespaceSelector", "matchLabelKeys", "mismatchLabelKeys"]);
const WeightedPodAffinityTerm = k8sObject({
  weight: z.number().int().min(1).max(100),
  podAffinityTerm: PodAffinityTermSchema,
});
const PodAffinity = k8sObject({
  requiredDuringSchedulingIgnoredDuringExecution: z.array(PodAffinityTermSchema).default([]),
  preferredDuringSchedulingIgnoredDuringExecution: z.array(WeightedPodAffinityTerm).default([]),
});

/**
 * Schema of a node manifest (`kind: Node`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NodeManifestSchema } from "./objects.ts";
 * assert.equal(NodeManifestSchema.parse({ metadata: { name: "n" }, status: {} }).kind, "Node");
 * ```
 */
export const NodeManifestSchema = k8sObject({
  apiVersion: z.literal("v1").default("v1"),
  kind: z.literal("Node").default("Node"),
  metadata: k8sObject({ name: z.string().min(1), labels: Labels }, IGNORED_METADATA),
  spec: k8sObject({
    taints: z.array(TaintSchema).default([]),
    unschedulable: z.boolean().default(false),
  }, ["podCIDR", "podCIDRs", "providerID", "configSource", "externalID"]).default({
    taints: [],
    unschedulable: false,
  }),
  status: k8sObject({
    allocatable: ResourceList.optional(),
    capacity: ResourceList.optional(),
    images: z.array(z.object({ names: z.array(z.string()).min(1), sizeBytes: z.number().min(0) }))
      .default([]),
  }, [
    "conditions",
    "addresses",
    "daemonEndpoints",
    "nodeInfo",
    "volumesInUse",
    "volumesAttached",
    "phase",
    "config",
    "runtimeHandlers",
    "features",
  ]),
});

const Port = k8sObject({
  containerPort: z.number().int().min(1).max(65535),
  hostPort: z.number().int().min(0).max(65535).default(0),
  protocol: z.enum(["TCP", "UDP", "SCTP"]).default("TCP"),
  hostIP: z.string().default(""),
}, ["name"]);
const EnvVar = k8sObject({ name: z.string().min(1), value: z.string().optional() }, ["valueFrom"]);
const Container = k8sObject({
  name: z.string().min(1),
  image: z.string().default(""),
  // The process: command replaces the image's Entrypoint, args its Cmd (the kubelet's rule).
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  env: z.array(EnvVar).optional(),
  workingDir: z.string().optional(),
  resources: k8sObject({
    requests: ResourceList.default({}),
    limits: ResourceList.default({}),
  }, ["claims"]).default({ requests: {}, limits: {} }),
  ports: z.array(Port).default([]),
  restartPolicy: z.literal("Always").optional(),
}, [
  "volumeMounts",
  "volumeDevices",
  "livenessProbe",
  "readinessProbe",
  "startupProbe",
  "lifecycle",
  "imagePullPolicy",
  "securityContext",
  "envFrom",
  "terminationMessagePath",
  "terminationMessagePolicy",
  "stdin",
  "stdinOnce",
  "tty",
  "resizePolicy",
]);

/**
 * Schema of a pod manifest (`kind: Pod`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PodManifestSchema } from "./objects.ts";
 * assert.ok(!PodManifestSchema.safeParse({ metadata: { name: "p" }, spec: { containers: [] } }).success);
 * ```
 */
export const PodManifestSchema = k8sObject({
  apiVersion: z.literal("v1").default("v1"),
  kind: z.literal("Pod").default("Pod"),
  metadata: k8sObject({
    name: z.string().min(1),
    namespace: z.string().default("default"),
    labels: Labels,
  }, IGNORED_METADATA),
  spec: k8sObject({
    containers: z.array(Container).min(1),
    initContainers: z.array(Container).default([]),
    overhead: ResourceList.default({}),
    nodeName: z.string().optional(),
    nodeSelector: Labels,
    priority: z.number().int().default(0),
    preemptionPolicy: z.enum(["PreemptLowerPriority", "Never"]).default("PreemptLowerPriority"),
    affinity: k8sObject({
      nodeAffinity: k8sObject({
        requiredDuringSchedulingIgnoredDuringExecution: k8sObject({
          nodeSelectorTerms: z.array(NodeSelectorTerm),
        }).optional(),
        preferredDuringSchedulingIgnoredDuringExecution: z.array(
          k8sObject({ weight: z.number().int().min(1).max(100), preference: NodeSelectorTerm }),
        ).default([]),
      }).optional(),
      podAffinity: PodAffinity.optional(),
      podAntiAffinity: PodAffinity.optional(),
    }).default({}),
    tolerations: z.array(TolerationSchema).default([]),
    topologySpreadConstraints: z.array(k8sObject({
      maxSkew: z.number().int().min(1),
      topologyKey: z.string().min(1),
      whenUnsatisfiable: z.enum(["DoNotSchedule", "ScheduleAnyway"]),
      labelSelector: LabelSelector.optional(),
      minDomains: z.number().int().min(1).optional(),
    }, ["matchLabelKeys", "nodeAffinityPolicy", "nodeTaintsPolicy"])).default([]),
  }, [
    "volumes",
    "restartPolicy",
    "terminationGracePeriodSeconds",
    "activeDeadlineSeconds",
    "dnsPolicy",
    "dnsConfig",
    "serviceAccountName",
    "serviceAccount",
    "automountServiceAccountToken",
    "hostNetwork",
    "hostPID",
    "hostIPC",
    "shareProcessNamespace",
    "securityContext",
    "imagePullSecrets",
    "hostname",
    "subdomain",
    "schedulerName",
    "priorityClassName",
    "hostAliases",
    "readinessGates",
    "runtimeClassName",
    "enableServiceLinks",
    "ephemeralContainers",
    "os",
    "hostUsers",
    "schedulingGates",
    "resourceClaims",
    "setHostnameAsFQDN",
  ]),
  // status.startTime as integer ns of simulated time (upstream: an RFC 3339 timestamp);
  // preemption prefers victims that started last.
  status: k8sObject({ startTime: z.number().int().min(0).optional() }, [
    "phase",
    "conditions",
    "hostIP",
    "hostIPs",
    "podIP",
    "podIPs",
    "qosClass",
    "containerStatuses",
    "initContainerStatuses",
    "nominatedNodeName",
    "message",
    "reason",
  ]).default({}),
});

/** A taint on a node. @example
 * ```ts
 * import type { Taint } from "./objects.ts";
 * const taint: Taint = { key: "gpu", value: "true", effect: "NoSchedule" };
 * ```
 */
export type Taint = z.output<typeof TaintSchema>;
/** A toleration on a pod. @example
 * ```ts
 * import type { Toleration } from "./objects.ts";
 * const toleration: Toleration = { key: "gpu", operator: "Exists", value: "", effect: "" };
 * ```
 */
export type Toleration = z.output<typeof TolerationSchema>;
/** One node selector term: requirements ANDed. @example
 * ```ts
 * import type { NodeSelectorTerm } from "./objects.ts";
 * const term: NodeSelectorTerm = { matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }], matchFields: [] };
 * ```
 */
export type NodeSelectorTerm = z.output<typeof NodeSelectorTerm>;
/** A pod (anti-)affinity term. @example
 * ```ts
 * import type { PodAffinityTerm } from "./objects.ts";
 * const term: PodAffinityTerm = { namespaces: [], topologyKey: "zone", labelSelector: { matchLabels: { app: "db" }, matchExpressions: [] } };
 * ```
 */
export type PodAffinityTerm = z.output<typeof PodAffinityTermSchema>;
/** A weighted (preferred) pod (anti-)affinity term. @example
 * ```ts
 * import type { WeightedPodAffinityTerm } from "./objects.ts";
 * const term: WeightedPodAffinityTerm = { weight: 5, podAffinityTerm: { namespaces: [], topologyKey: "zone" } };
 * ```
 */
export type WeightedPodAffinityTerm = z.output<typeof WeightedPodAffinityTerm>;
/** podAffinity / podAntiAffinity: required and preferred terms. @example
 * ```ts
 * import type { PodAffinity } from "./objects.ts";
 * const spread: PodAffinity = { requiredDuringSchedulingIgnoredDuringExecution: [], preferredDuringSchedulingIgnoredDuringExecution: [] };
 * ```
 */
export type PodAffinity = z.output<typeof PodAffinity>;
/** A label selector (matchLabels and matchExpressions). @example
 * ```ts
 * import type { LabelSelector } from "./objects.ts";
 * const selector: LabelSelector = { matchLabels: { app: "web" }, matchExpressions: [] };
 * ```
 */
export type LabelSelector = z.output<typeof LabelSelector>;
/** Resource amounts: cpu in millicores, memory in bytes, pods and others in units. @example
 * ```ts
 * import type { Resources } from "./objects.ts";
 * const r: Resources = { cpu: 500, memory: 2 ** 30 };
 * ```
 */
export type Resources = Record<string, number>;
/** A container of a pod. @example
 * ```ts
 * import type { Container } from "./objects.ts";
 * const c: Container = { name: "app", image: "nginx", resources: { requests: { cpu: 100 }, limits: {} }, ports: [] };
 * ```
 */
export type Container = z.output<typeof Container>;
/** A topology spread constraint. @example
 * ```ts
 * import type { TopologySpreadConstraint } from "./objects.ts";
 * const c: TopologySpreadConstraint = { maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: "DoNotSchedule" };
 * ```
 */
export type TopologySpreadConstraint = Pod["topologySpreadConstraints"][number];

/**
 * A node as the scheduler sees it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode } from "./builders.ts";
 * const node = makeNode("n1", { cpu: "4", memory: "8Gi" });
 * assert.equal(node.allocatable.cpu, 4000);
 * ```
 */
export interface Node {
  readonly name: string;
  readonly labels: Record<string, string>;
  /** status.allocatable (or capacity when allocatable is absent); pods defaults to 110. */
  readonly allocatable: Resources;
  readonly taints: readonly Taint[];
  readonly unschedulable: boolean;
  readonly images: readonly { readonly names: readonly string[]; readonly sizeBytes: number }[];
}

/**
 * A pod as the scheduler sees it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makePod } from "./builders.ts";
 * const pod = makePod("web", { cpu: "500m" });
 * assert.equal(pod.containers[0].resources.requests.cpu, 500);
 * ```
 */
export interface Pod {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly priority: number;
  /** Whether this pod may evict lower-priority pods (core/v1 `PreemptionPolicy`). */
  readonly preemptionPolicy: "PreemptLowerPriority" | "Never";
  /** status.startTime in ns of simulated time, set when the pod is bound. */
  readonly startTime?: number;
  readonly nodeName?: string;
  readonly containers: readonly Container[];
  readonly initContainers: readonly Container[];
  readonly overhead: Resources;
  readonly nodeSelector: Record<string, string>;
  readonly affinity: z.output<typeof PodManifestSchema>["spec"]["affinity"];
  readonly tolerations: readonly Toleration[];
  readonly topologySpreadConstraints: readonly {
    readonly maxSkew: number;
    readonly topologyKey: string;
    readonly whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
    readonly labelSelector?: LabelSelector;
    readonly minDomains?: number;
  }[];
}

/**
 * kubelet's default `maxPods` (pkg/kubelet/apis/config/v1beta1/defaults.go).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_MAX_PODS } from "./objects.ts";
 * assert.equal(DEFAULT_MAX_PODS, 110);
 * ```
 */
export const DEFAULT_MAX_PODS = 110;

/**
 * A parsed node manifest as a {@link Node}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NodeManifestSchema, nodeFromManifest } from "./objects.ts";
 * const manifest = NodeManifestSchema.parse({ metadata: { name: "n1" }, status: { capacity: { cpu: "2" } } });
 * assert.equal(nodeFromManifest(manifest).allocatable.pods, 110);
 * ```
 */
export function nodeFromManifest(manifest: z.output<typeof NodeManifestSchema>): Node {
  const allocatable = {
    ...(manifest.status.capacity ?? {}),
    ...(manifest.status.allocatable ?? {}),
  };
  if (allocatable.pods === undefined) allocatable.pods = DEFAULT_MAX_PODS;
  return {
    name: manifest.metadata.name,
    labels: { "kubernetes.io/hostname": manifest.metadata.name, ...manifest.metadata.labels },
    allocatable,
    taints: manifest.spec.taints,
    unschedulable: manifest.spec.unschedulable,
    images: manifest.status.images,
  };
}

/**
 * A parsed pod manifest as a {@link Pod}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PodManifestSchema, podFromManifest } from "./objects.ts";
 * const manifest = PodManifestSchema.parse({ metadata: { name: "p" }, spec: { containers: [{ name: "c" }] } });
 * assert.equal(podFromManifest(manifest).namespace, "default");
 * ```
 */
export function podFromManifest(manifest: z.output<typeof PodManifestSchema>): Pod {
  const { spec, metadata } = manifest;
  return {
    name: metadata.name,
    namespace: metadata.namespace,
    labels: metadata.labels,
    priority: spec.priority,
    preemptionPolicy: spec.preemptionPolicy,
    ...(manifest.status.startTime === undefined ? {} : { startTime: manifest.status.startTime }),
    ...(spec.nodeName === undefined ? {} : { nodeName: spec.nodeName }),
    containers: spec.containers,
    initContainers: spec.initContainers,
    overhead: spec.overhead,
    nodeSelector: spec.nodeSelector,
    affinity: spec.affinity,
    tolerations: spec.tolerations,
    topologySpreadConstraints: spec.topologySpreadConstraints,
  };
}
