/**
 * A whole small cluster: one scheduler and one kubelet per node, so a pod goes from its
 * manifest to running containers in one call — the path the course has walked layer by
 * layer, end to end:
 *
 * ```
 *  Pod ──▶ scheduler (filter, score, bind) ──▶ kubelet on the chosen node
 *            ├ "0/3 nodes are available…"        ├ pod cgroup (QoS)
 *            └ preemption: evict lower-priority  │
 *              pods (their kubelets stop them)   │
 *                                                ├ CSI volume (if claimed)
 *                                                ├ CNI ADD: netns, veth, IP from the node's /24
 *                                                ├ pause container (net, ipc, uts)
 *                                                └ image → bundle → OCI runtime: create, start
 * ```
 *
 * Each node `i` gets the pod network `podNetwork(i)` (10.244.i.0/24); the image store is
 * shared (every node has every image, as if pulled from one registry). Steps from all
 * components land in one table with one counter.
 *
 * @module
 */

import { z } from "zod";
import { parseOptions } from "@src/options/mod.ts";
import type { BuiltImage } from "@virt/container/mod.ts";
import type { Node, Pod } from "../api/mod.ts";
import { CsiCluster, type CsiDriver, type VolumeClaim } from "../csi/mod.ts";
import { Scheduler } from "../scheduler/mod.ts";
import { Kubelet, type KubeletStep, podNetwork, type PodStatus } from "./kubelet.ts";
import { qosClass } from "./resources.ts";

const OptionsSchema = z.strictObject({
  seed: z.number().int(),
  images: z.record(z.string(), z.custom<BuiltImage>((v) => typeof v === "object" && v !== null))
    .default({}),
  csi: z.custom<CsiDriver>((v) => typeof v === "object" && v !== null).optional(),
});

/**
 * Options of {@link Cluster}.
 *
 * @example
 * ```ts
 * import type { ClusterOptions } from "./cluster.ts";
 * const options: ClusterOptions = { seed: 1, images: {} };
 * ```
 */
export interface ClusterOptions {
  /** Seed of the scheduler's tie-breaking. */
  seed: number;
  /** Images every node can run, by reference. @default {} */
  images?: Record<string, BuiltImage>;
  /** A CSI driver whose node ids are the cluster's node names (e.g. `netblockDriver({nodes})`). @default none */
  csi?: CsiDriver;
}

/**
 * A scheduler and a kubelet per node.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildImage } from "@virt/container/mod.ts";
 * import { makeNode, makePod } from "../api/mod.ts";
 * import { Cluster } from "./cluster.ts";
 * const images = { "web:1": buildImage([{ files: { "/bin/web": "…" } }], { config: { Entrypoint: ["/bin/web"] } }) };
 * const nodes = ["n1", "n2"].map((name) => makeNode(name, { cpu: "2", memory: "4Gi" }));
 * const cluster = new Cluster(nodes, { seed: 1, images });
 * const status = cluster.run(makePod("web-0", { image: "web:1", cpu: "500m" }));
 * assert.equal(status.phase, "Running");
 * assert.match(status.podIP!, /^10\.244\.[01]\.2$/);
 * assert.equal(cluster.run(makePod("big", { image: "web:1", cpu: "8" })).reason, "Unschedulable");
 * ```
 */
export class Cluster {
  /** The scheduler (its snapshot holds the bound pods). */
  readonly scheduler: Scheduler;
  /** Kubelets by node name. */
  readonly kubelets: ReadonlyMap<string, Kubelet>;
  /** The CSI side, when a driver was given. */
  readonly csi?: CsiCluster;
  /** Every step of every component, in order. */
  readonly steps: KubeletStep[] = [];

  constructor(nodes: readonly Node[], options: ClusterOptions) {
    const parsed = parseOptions(OptionsSchema, options, "create a cluster");
    this.scheduler = new Scheduler(nodes, { seed: parsed.seed });
    if (parsed.csi) this.csi = new CsiCluster(parsed.csi);
    this.kubelets = new Map(
      nodes.map((node, i) => [
        node.name,
        new Kubelet(node.name, { images: parsed.images, network: podNetwork(i), csi: this.csi }),
      ]),
    );
  }

  #record(rows: readonly Omit<KubeletStep, "step">[]): void {
    for (const row of rows) this.steps.push({ ...row, step: this.steps.length + 1 });
  }

  /**
   * Schedule a pod and start it on its node; a pod no node fits stays Pending with the
   * scheduler's message. `claim` asks for a CSI volume.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { makeNode, makePod } from "../api/mod.ts";
   * import { Cluster } from "./cluster.ts";
   * const cluster = new Cluster([makeNode("n1", { cpu: "1", memory: "1Gi" })], { seed: 1 });
   * const status = cluster.run(makePod("p", { cpu: "2" }));
   * assert.equal(status.message, "0/1 nodes are available: 1 Insufficient cpu.");
   * ```
   */
  run(pod: Pod, options: { claim?: VolumeClaim } = {}): PodStatus {
    let scheduled = this.scheduler.scheduleOne(pod, { bind: true });
    if (scheduled.node === null && scheduled.nominatedNode && scheduled.victims?.length) {
      // Preemption (DefaultPreemption): the scheduler evicted lower-priority pods in its
      // snapshot and nominated a node; their kubelets now stop them, and the pod's next
      // scheduling cycle binds it there.
      for (const victim of scheduled.victims) {
        this.#record([{
          node: scheduled.nominatedNode,
          pod: victim,
          component: "scheduler",
          action: "preempt",
          detail: `evicted for ${pod.name} (priority ${pod.priority})`,
          ok: true,
        }]);
        if ([...this.kubelets.values()].some((kubelet) => kubelet.runs(victim))) this.stop(victim);
      }
      scheduled = this.scheduler.scheduleOne(pod, { bind: true });
    }
    if (scheduled.node === null) {
      const message = scheduled.message ?? "no node fits";
      this.#record([{
        node: "",
        pod: pod.name,
        component: "scheduler",
        action: "FailedScheduling",
        detail: message,
        ok: false,
      }]);
      return {
        phase: "Pending",
        node: null,
        qosClass: qosClass(pod),
        cgroup: "",
        reason: "Unschedulable",
        message,
        containers: pod.containers.map((c) => ({
          name: c.name,
          id: "",
          state: "waiting",
          reason: "Unschedulable",
          args: [],
        })),
      };
    }
    this.#record([{
      node: scheduled.node,
      pod: pod.name,
      component: "scheduler",
      action: "bind",
      detail: `${scheduled.feasibleNodes}/${scheduled.evaluatedNodes} nodes feasible`,
      ok: true,
    }]);
    const kubelet = this.kubelets.get(scheduled.node)!;
    const before = kubelet.steps.length;
    const status = kubelet.syncPod(pod, options);
    this.#record(kubelet.steps.slice(before));
    return status;
  }

  /**
   * Stop a pod on whichever node runs it.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { makeNode } from "../api/mod.ts";
   * import { Cluster } from "./cluster.ts";
   * assert.throws(() => new Cluster([makeNode("n1")], { seed: 1 }).stop("web"), /no pod web/);
   * ```
   */
  stop(name: string): void {
    for (const kubelet of this.kubelets.values()) {
      if (!kubelet.runs(name)) continue;
      const before = kubelet.steps.length;
      kubelet.killPod(name);
      this.#record(kubelet.steps.slice(before));
      return;
    }
    throw new RangeError(`Cannot stop pod ${name}: there is no pod ${name} on any node`);
  }
}
