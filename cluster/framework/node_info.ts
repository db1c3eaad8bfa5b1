/**
 * NodeInfo: a node plus what is already placed on it — the scheduler's cached view
 * (`staging/src/k8s.io/kube-scheduler/framework/types.go`, `NodeInfo`).
 *
 * ```
 *   NodeInfo
 *   ├─ node                 Node (allocatable, labels, taints, images)
 *   ├─ pods                 Pod[] assumed or bound here
 *   ├─ requested            Σ podRequests(pod)              used by Fit (filter), Balanced
 *   ├─ nonZeroRequested     Σ podRequests(pod, nonZero) cpu/memory, used by Least/MostAllocated
 *   ├─ usedPorts            "TCP/0.0.0.0/8080" …           used by NodePorts
 *   ├─ podsWithAffinity     pods with podAffinity or podAntiAffinity      used by InterPodAffinity
 *   └─ podsWithRequiredAntiAffinity                                       (so it can skip the rest)
 * ```
 *
 * A {@link Snapshot} is all NodeInfos of a cycle plus how many nodes hold each image
 * (`ImageStateSummary.NumNodes`, for ImageLocality).
 *
 * @module
 */

import { type Node, type Pod, podRequests, type Resources } from "@cluster/api/mod.ts";

/**
 * A node and the pods placed on it, with running totals.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { NodeInfo } from "./node_info.ts";
 * const info = new NodeInfo(makeNode("n1", { cpu: "4", memory: "8Gi" }));
 * info.addPod(makePod("p", { cpu: "1" }));
 * assert.equal(info.requested.cpu, 1000);
 * assert.equal(info.nonZeroRequested.memory, 200 * 2 ** 20); // memory not set: scoring default
 * info.removePod(info.pods[0]);
 * assert.equal(info.requested.cpu, 0);
 * ```
 */
export class NodeInfo {
  /** The node. */
  readonly node: Node;
  /** Pods placed on it. */
  readonly pods: Pod[] = [];
  /** Σ of the pods' effective requests. */
  readonly requested: Resources = { cpu: 0, memory: 0 };
  /** Σ of the pods' requests with the scoring defaults for absent cpu/memory. */
  readonly nonZeroRequested: { cpu: number; memory: number } = { cpu: 0, memory: 0 };
  /** Host ports in use, "protocol/hostIP/port". */
  readonly usedPorts: Set<string> = new Set();
  /** Pods with any pod affinity or anti-affinity (`NodeInfo.PodsWithAffinity`). */
  readonly podsWithAffinity: Pod[] = [];
  /** Pods with required anti-affinity terms (`NodeInfo.PodsWithRequiredAntiAffinity`). */
  readonly podsWithRequiredAntiAffinity: Pod[] = [];

  /** A NodeInfo with the given pods already placed. */
  constructor(node: Node, pods: readonly Pod[] = []) {
    this.node = node;
    for (const pod of pods) this.addPod(pod);
  }

  /** Place a pod: add its requests and ports. */
  addPod(pod: Pod): void {
    this.pods.push(pod);
    for (const [name, amount] of Object.entries(podRequests(pod))) {
      this.requested[name] = (this.requested[name] ?? 0) + amount;
    }
    const nonZero = podRequests(pod, { nonZero: true });
    this.nonZeroRequested.cpu += nonZero.cpu ?? 0;
    this.nonZeroRequested.memory += nonZero.memory ?? 0;
    for (const port of hostPorts(pod)) this.usedPorts.add(port);
    if (hasPodAffinity(pod)) this.podsWithAffinity.push(pod);
    if (hasRequiredAntiAffinity(pod)) this.podsWithRequiredAntiAffinity.push(pod);
  }

  /**
   * Remove a pod (by namespace and name): subtract its requests, recompute the ports
   * (`NodeInfo.RemovePod`). Returns false if the pod is not on this node.
   */
  removePod(pod: Pod): boolean {
    const index = this.pods.findIndex((p) => p.name === pod.name && p.namespace === pod.namespace);
    if (index < 0) return false;
    const [removed] = this.pods.splice(index, 1);
    for (const [name, amount] of Object.entries(podRequests(removed))) {
      this.requested[name] = (this.requested[name] ?? 0) - amount;
    }
    const nonZero = podRequests(removed, { nonZero: true });
    this.nonZeroRequested.cpu -= nonZero.cpu ?? 0;
    this.nonZeroRequested.memory -= nonZero.memory ?? 0;
    this.usedPorts.clear();
    for (const p of this.pods) for (const port of hostPorts(p)) this.usedPorts.add(port);
    for (const list of [this.podsWithAffinity, this.podsWithRequiredAntiAffinity]) {
      const at = list.indexOf(removed);
      if (at >= 0) list.splice(at, 1);
    }
    return true;
  }

  /** The node's name. */
  get name(): string {
    return this.node.name;
  }
}

/**
 * A pod's host ports as "protocol/hostIP/port" keys (hostIP "" means 0.0.0.0).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makePod } from "@cluster/api/mod.ts";
 * import { hostPorts } from "./node_info.ts";
 * assert.deepEqual(hostPorts(makePod("p", { hostPorts: [80] })), ["TCP/0.0.0.0/80"]);
 * ```
 */
export function hostPorts(pod: Pod): string[] {
  const ports: string[] = [];
  for (const container of [...pod.initContainers, ...pod.containers]) {
    for (const port of container.ports) {
      if (port.hostPort > 0) {
        ports.push(`${port.protocol}/${port.hostIP || "0.0.0.0"}/${port.hostPort}`);
      }
    }
  }
  return ports;
}

function hasPodAffinity(pod: Pod): boolean {
  return pod.affinity.podAffinity !== undefined || pod.affinity.podAntiAffinity !== undefined;
}

function hasRequiredAntiAffinity(pod: Pod): boolean {
  return (pod.affinity.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution.length ??
    0) > 0;
}

/** "name" → "name:latest" when there is no tag or digest (imagelocality `normalizedImageName`). */
function normalizedImageName(name: string): string {
  const lastSlash = name.lastIndexOf("/");
  const tail = name.slice(lastSlash + 1);
  return tail.includes(":") || tail.includes("@") ? name : `${name}:latest`;
}

/**
 * The cluster as one scheduling cycle sees it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode } from "@cluster/api/mod.ts";
 * import { Snapshot } from "./node_info.ts";
 * const image = { names: ["nginx:1.27"], sizeBytes: 100 };
 * const snapshot = new Snapshot([makeNode("a", { images: [image] }), makeNode("b")]);
 * assert.equal(snapshot.imageNodeCount("nginx:1.27"), 1);
 * const copy = snapshot.clone();
 * copy.addNode(makeNode("c"));
 * assert.equal(snapshot.nodes.length, 2);
 * const oneCopied = snapshot.withNodeCopy("a");
 * assert.ok(oneCopied.get("b") === snapshot.get("b") && oneCopied.get("a") !== snapshot.get("a"));
 * ```
 */
export class Snapshot {
  /** One NodeInfo per node, in the order given. */
  readonly nodes: NodeInfo[];
  readonly #byName = new Map<string, NodeInfo>();
  readonly #imageNodes = new Map<string, number>();

  /**
   * A snapshot of `nodes` with `pods` placed by their `nodeName`. Given NodeInfos, the
   * snapshot shares them (see {@link Snapshot.withNodeCopy}).
   */
  constructor(nodes: readonly Node[] | readonly NodeInfo[], pods: readonly Pod[] = []) {
    this.nodes = (nodes as readonly (Node | NodeInfo)[]).map((node) =>
      node instanceof NodeInfo ? node : new NodeInfo(node)
    );
    for (const info of this.nodes) {
      if (this.#byName.has(info.name)) {
        throw new RangeError(
          `Cannot build a snapshot: two nodes are named "${info.name}"; give each node a unique name`,
        );
      }
      this.#byName.set(info.name, info);
      const names = new Set(
        info.node.images.flatMap((image) => image.names.map(normalizedImageName)),
      );
      for (const name of names) this.#imageNodes.set(name, (this.#imageNodes.get(name) ?? 0) + 1);
    }
    for (const pod of pods) {
      if (pod.nodeName === undefined) continue;
      this.get(pod.nodeName).addPod(pod);
    }
  }

  /** Every placed pod, node by node. */
  pods(): Pod[] {
    return this.nodes.flatMap((info) => info.pods);
  }

  /** An independent copy (same nodes, same pods): preemption's dry runs edit copies. */
  clone(): Snapshot {
    return new Snapshot(this.nodes.map((info) => info.node), this.pods());
  }

  /**
   * A snapshot sharing every NodeInfo but one, which is an independent copy: preemption's
   * dry run edits that node only (cheaper than {@link Snapshot.clone}).
   */
  withNodeCopy(name: string): Snapshot {
    const target = this.get(name);
    return new Snapshot(
      this.nodes.map((info) => (info === target ? new NodeInfo(info.node, info.pods) : info)),
    );
  }

  /** Add a node (a cluster event); RangeError if the name is taken. */
  addNode(node: Node): NodeInfo {
    if (this.#byName.has(node.name)) {
      throw new RangeError(
        `Cannot add node "${node.name}": a node with that name exists; pick another name`,
      );
    }
    const info = new NodeInfo(node);
    this.nodes.push(info);
    this.#byName.set(node.name, info);
    const names = new Set(node.images.flatMap((image) => image.names.map(normalizedImageName)));
    for (const name of names) this.#imageNodes.set(name, (this.#imageNodes.get(name) ?? 0) + 1);
    return info;
  }

  /** The NodeInfo of a node; RangeError naming the known nodes if there is none. */
  get(name: string): NodeInfo {
    const info = this.#byName.get(name);
    if (!info) {
      throw new RangeError(
        `No node named "${name}" (nodes: ${[...this.#byName.keys()].slice(0, 8).join(", ")})`,
      );
    }
    return info;
  }

  /** How many nodes hold an image (name normalized with ":latest"). */
  imageNodeCount(image: string): number {
    return this.#imageNodes.get(normalizedImageName(image)) ?? 0;
  }

  /** The size of an image on a node, or undefined if it is not there. */
  imageSize(info: NodeInfo, image: string): number | undefined {
    const wanted = normalizedImageName(image);
    return info.node.images.find((i) => i.names.some((n) => normalizedImageName(n) === wanted))
      ?.sizeBytes;
  }
}
