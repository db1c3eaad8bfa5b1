/**
 * The Kubernetes side of CSI: the sidecars and the kubelet that call a driver for a pod's
 * volume, in the order spec.md's lifecycle requires, with every call recorded as a tidy row.
 *
 * ```
 *  component             call                       when
 *  external-provisioner  CreateVolume               a PersistentVolumeClaim appears
 *  external-attacher     ControllerPublishVolume    the pod is scheduled to a node (VolumeAttachment)
 *  kubelet               NodeStageVolume            first use of the volume on that node (globalmount)
 *  kubelet               NodePublishVolume          the pod's own mount
 *  … and back: NodeUnpublish, NodeUnstage, ControllerUnpublish, DeleteVolume (reclaimPolicy Delete)
 * ```
 *
 * Steps the driver does not offer (no PUBLISH_UNPUBLISH_VOLUME / STAGE_UNSTAGE_VOLUME in its
 * capabilities) are skipped, as the real components do. Paths follow the kubelet's layout
 * (`pkg/volume/csi/csi_attacher.go`, `csi_mounter.go` in kubernetes/kubernetes).
 *
 * @module
 */

import { z } from "zod";
import { parseOptions } from "@src/options/mod.ts";
import type { CsiResult, GrpcCode } from "./status.ts";
import type { AccessMode, CsiDriver, Volume, VolumeCapability } from "./types.ts";

/**
 * One recorded call.
 *
 * @example
 * ```ts
 * import type { CsiTraceRow } from "./orchestrator.ts";
 * const row: CsiTraceRow = { t: 7, component: "external-attacher", call: "ControllerPublishVolume", volume: "netblock-1", node: "node-a1", code: "OK", message: "" };
 * ```
 */
export interface CsiTraceRow {
  /** Call counter, from 1. */
  readonly t: number;
  /** `external-provisioner`, `external-attacher` or `kubelet`. */
  readonly component: string;
  /** The RPC name. */
  readonly call: string;
  /** The volume id (or claim name before it exists). */
  readonly volume: string;
  /** The node involved, if any. */
  readonly node: string;
  /** The gRPC status code name. */
  readonly code: GrpcCode;
  /** The error message, empty on OK. */
  readonly message: string;
}

const claimSchema = z.strictObject({
  name: z.string().min(1),
  capacityBytes: z.number().int().positive(),
  accessMode: z.string().default("SINGLE_NODE_WRITER"),
  volumeMode: z.enum(["Filesystem", "Block"]).default("Filesystem"),
  requisite: z.array(z.string()).default([]),
  preferred: z.array(z.string()).default([]),
});

/**
 * A claim: what a pod asks for.
 *
 * @example
 * ```ts
 * import type { VolumeClaim } from "./orchestrator.ts";
 * const claim: VolumeClaim = { name: "data-db-0", capacityBytes: 20 * 2 ** 30, requisite: ["zone-a"] };
 * ```
 */
export interface VolumeClaim {
  /** Claim name (used as CreateVolume's name, so retries are idempotent). */
  name: string;
  /** Requested size, bytes. */
  capacityBytes: number;
  /** Access mode. @default "SINGLE_NODE_WRITER" */
  accessMode?: AccessMode;
  /** Filesystem (mount) or Block. @default "Filesystem" */
  volumeMode?: "Filesystem" | "Block";
  /** Topology values the volume must be accessible from (driver's key). @default [] */
  requisite?: string[];
  /** Topology values preferred, in order. @default [] */
  preferred?: string[];
}

/**
 * What the pod got: its volume and node, or the failed row.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hostpathDriver } from "./drivers/hostpath.ts";
 * import { CsiCluster, type PodVolumeOutcome } from "./orchestrator.ts";
 * const outcome: PodVolumeOutcome = new CsiCluster(hostpathDriver()).startPod("p", { name: "c", capacityBytes: 1024 });
 * assert.ok(outcome.ok && outcome.node === "node-1");
 * ```
 */
export type PodVolumeOutcome =
  | { readonly ok: true; readonly volume: Volume; readonly node: string }
  | { readonly ok: false; readonly failed: CsiTraceRow };

/**
 * A CO around one driver: provisioner, attacher and one kubelet per node.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CsiCluster } from "./orchestrator.ts";
 * import { netblockDriver } from "./drivers/netblock.ts";
 * const cluster = new CsiCluster(netblockDriver());
 * const up = cluster.startPod("web-0", { name: "data-web-0", capacityBytes: 2 ** 30 });
 * assert.ok(up.ok);
 * cluster.stopPod("web-0");
 * assert.deepEqual(cluster.trace.filter((r) => r.component !== "registration").map((r) => r.call), [
 *   "CreateVolume", "ControllerPublishVolume", "NodeStageVolume", "NodePublishVolume",
 *   "NodeUnpublishVolume", "NodeUnstageVolume", "ControllerUnpublishVolume", "DeleteVolume"]);
 * ```
 */
export class CsiCluster {
  /** Every call so far. */
  readonly trace: CsiTraceRow[] = [];
  readonly #attach: boolean;
  readonly #stage: boolean;
  readonly #topologyKey: string;
  readonly #pods = new Map<
    string,
    { volume: Volume; node: string; capability: VolumeCapability }
  >();

  constructor(readonly driver: CsiDriver) {
    if (typeof driver?.identity?.GetPluginInfo !== "function" || !Array.isArray(driver?.nodeIds)) {
      throw new TypeError(
        `Cannot create a CSI cluster: driver must be a CsiDriver object (got ${typeof driver}); ${
          typeof driver === "function"
            ? "call the factory first, e.g. new CsiCluster(netblockDriver())"
            : "e.g. new CsiCluster(netblockDriver()) or new CsiCluster(CSI_DRIVERS[name]())"
        }`,
      );
    }
    // registration: the sidecars and each kubelet ask what the driver can do
    this.#record("registration", "GetPluginInfo", "", "", driver.identity.GetPluginInfo());
    const controllerCaps = this.#record(
      "registration",
      "ControllerGetCapabilities",
      "",
      "",
      driver.controller.ControllerGetCapabilities(),
    );
    this.#attach = controllerCaps.code === "OK" &&
      controllerCaps.value.capabilities.some((c) => c.rpc.type === "PUBLISH_UNPUBLISH_VOLUME");
    let stage = false;
    let key = "";
    for (const nodeId of driver.nodeIds) {
      const node = driver.node(nodeId)!;
      const info = this.#record("registration", "NodeGetInfo", "", nodeId, node.NodeGetInfo());
      if (info.code === "OK") key = Object.keys(info.value.accessible_topology.segments)[0];
      const caps = node.NodeGetCapabilities();
      stage ||= caps.code === "OK" &&
        caps.value.capabilities.some((c) => c.rpc.type === "STAGE_UNSTAGE_VOLUME");
    }
    this.#stage = stage;
    this.#topologyKey = key;
  }

  /**
   * Provision, attach, stage and publish a volume for `pod`; the node is the first node in the
   * volume's topology (unless `node` is given). Stops at the first non-OK call.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { netblockDriver } from "./drivers/netblock.ts";
   * import { CsiCluster } from "./orchestrator.ts";
   * const cluster = new CsiCluster(netblockDriver({ maxVolumesPerNode: 1 }));
   * assert.ok(cluster.startPod("a", { name: "c-a", capacityBytes: 2 ** 30 }, "node-a1").ok);
   * const b = cluster.startPod("b", { name: "c-b", capacityBytes: 2 ** 30, requisite: ["zone-a"] }, "node-a1");
   * assert.equal(!b.ok && b.failed.code, "RESOURCE_EXHAUSTED"); // max_volumes_per_node
   * ```
   */
  startPod(pod: string, claim: VolumeClaim, node?: string): PodVolumeOutcome {
    const c = parseOptions(claimSchema, claim, `start pod ${pod}`, "claim");
    const running = this.#pods.get(pod);
    if (running) {
      throw new RangeError(
        `Cannot start pod ${pod}: it is already running on ${running.node} with ${running.volume.volume_id}; stopPod("${pod}") first or pick another name`,
      );
    }
    const capability: VolumeCapability = {
      ...(c.volumeMode === "Block" ? { block: {} } : { mount: { fs_type: "ext4" } }),
      access_mode: { mode: c.accessMode as AccessMode },
    };
    const seg = (value: string) => ({ segments: { [this.#topologyKey]: value } });
    const created = this.#record(
      "external-provisioner",
      "CreateVolume",
      c.name,
      "",
      this.driver.controller.CreateVolume({
        name: c.name,
        capacity_range: { required_bytes: c.capacityBytes },
        volume_capabilities: [capability],
        accessibility_requirements: c.requisite.length || c.preferred.length
          ? { requisite: c.requisite.map(seg), preferred: c.preferred.map(seg) }
          : undefined,
      }),
    );
    if (created.code !== "OK") return { ok: false, failed: this.trace.at(-1)! };
    const volume = created.value.volume;
    const where = volume.accessible_topology[0].segments[this.#topologyKey];
    const chosen = node ?? this.driver.nodeIds.find((id) => {
      const info = this.driver.node(id)!.NodeGetInfo();
      return info.code === "OK" &&
        info.value.accessible_topology.segments[this.#topologyKey] === where;
    })!;
    const id = volume.volume_id;
    let publishContext: Record<string, string> = {};
    if (this.#attach) {
      const attached = this.#record(
        "external-attacher",
        "ControllerPublishVolume",
        id,
        chosen,
        this.driver.controller.ControllerPublishVolume({
          volume_id: id,
          node_id: chosen,
          volume_capability: capability,
          readonly: false,
        }),
      );
      if (attached.code !== "OK") return { ok: false, failed: this.trace.at(-1)! };
      publishContext = { ...attached.value.publish_context };
    }
    const kubelet = this.driver.node(chosen);
    if (!kubelet) {
      return {
        ok: false,
        failed: this.#row(
          "kubelet",
          "NodePublishVolume",
          id,
          chosen,
          "NOT_FOUND",
          `no node ${chosen}`,
        ),
      };
    }
    const staging =
      `/var/lib/kubelet/plugins/kubernetes.io/csi/${this.driver.name}/${id}/globalmount`;
    if (this.#stage) {
      const staged = this.#record(
        "kubelet",
        "NodeStageVolume",
        id,
        chosen,
        kubelet.NodeStageVolume({
          volume_id: id,
          publish_context: publishContext,
          staging_target_path: staging,
          volume_capability: capability,
        }),
      );
      if (staged.code !== "OK") return { ok: false, failed: this.trace.at(-1)! };
    }
    const published = this.#record(
      "kubelet",
      "NodePublishVolume",
      id,
      chosen,
      kubelet.NodePublishVolume({
        volume_id: id,
        publish_context: publishContext,
        staging_target_path: this.#stage ? staging : undefined,
        target_path: `/var/lib/kubelet/pods/${pod}/volumes/kubernetes.io~csi/${id}/mount`,
        volume_capability: capability,
        readonly: false,
      }),
    );
    if (published.code !== "OK") return { ok: false, failed: this.trace.at(-1)! };
    this.#pods.set(pod, { volume, node: chosen, capability });
    return { ok: true, volume, node: chosen };
  }

  /**
   * Unpublish, unstage, detach and delete the pod's volume (reclaimPolicy: Delete).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { hostpathDriver } from "./drivers/hostpath.ts";
   * import { CsiCluster } from "./orchestrator.ts";
   * const cluster = new CsiCluster(hostpathDriver());
   * cluster.startPod("p", { name: "c", capacityBytes: 1024 });
   * assert.ok(cluster.stopPod("p"));
   * assert.equal(cluster.trace.at(-1)!.call, "DeleteVolume");
   * ```
   */
  stopPod(pod: string): boolean {
    const entry = this.#pods.get(pod);
    if (!entry) {
      throw new RangeError(
        `Cannot stop pod ${pod}: it is not running (never started, or already stopped); running pods: ${
          [...this.#pods.keys()].join(", ") || "none"
        }`,
      );
    }
    const { volume, node } = entry;
    const id = volume.volume_id;
    const kubelet = this.driver.node(node)!;
    const steps: [string, string, () => CsiResult<unknown>][] = [
      ["kubelet", "NodeUnpublishVolume", () =>
        kubelet.NodeUnpublishVolume({
          volume_id: id,
          target_path: `/var/lib/kubelet/pods/${pod}/volumes/kubernetes.io~csi/${id}/mount`,
        })],
      ...(this.#stage
        ? [["kubelet", "NodeUnstageVolume", () =>
          kubelet.NodeUnstageVolume({
            volume_id: id,
            staging_target_path:
              `/var/lib/kubelet/plugins/kubernetes.io/csi/${this.driver.name}/${id}/globalmount`,
          })] as [string, string, () => CsiResult<unknown>]]
        : []),
      ...(this.#attach
        ? [
          ["external-attacher", "ControllerUnpublishVolume", () =>
            this.driver.controller.ControllerUnpublishVolume({ volume_id: id, node_id: node })] as [
              string,
              string,
              () => CsiResult<unknown>,
            ],
        ]
        : []),
      [
        "external-provisioner",
        "DeleteVolume",
        () => this.driver.controller.DeleteVolume({ volume_id: id }),
      ],
    ];
    for (const [component, call, run] of steps) {
      if (
        this.#record(component, call, id, component === "external-provisioner" ? "" : node, run())
          .code !== "OK"
      ) return false;
    }
    this.#pods.delete(pod);
    return true;
  }

  #record<T>(
    component: string,
    call: string,
    volume: string,
    node: string,
    result: CsiResult<T>,
  ): CsiResult<T> {
    this.#row(
      component,
      call,
      volume,
      node,
      result.code,
      result.code === "OK" ? "" : result.message,
    );
    return result;
  }

  #row(
    component: string,
    call: string,
    volume: string,
    node: string,
    code: GrpcCode,
    message: string,
  ) {
    const row = { t: this.trace.length + 1, component, call, volume, node, code, message };
    this.trace.push(row);
    return row;
  }
}
