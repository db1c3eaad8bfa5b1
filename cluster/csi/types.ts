/**
 * The CSI services as TypeScript interfaces: message and field names as in spec.md's
 * protobuf (`csi.proto`), snake_case kept so the spec and this file read alike.
 *
 * ```
 *  CO (Kubernetes)                          Plugin (one driver)
 *  external-provisioner ──Controller──▶ CreateVolume / DeleteVolume / GetCapacity / ListVolumes
 *  external-attacher    ──Controller──▶ ControllerPublishVolume / ControllerUnpublishVolume
 *  kubelet (per node)   ──Node────────▶ NodeStageVolume / NodePublishVolume / NodeGetInfo …
 *  everyone             ──Identity────▶ GetPluginInfo / GetPluginCapabilities / Probe
 * ```
 *
 * spec.md "RPC Interface" (Identity Service RPC, Controller Service RPC, Node Service RPC).
 * Calls are synchronous here; each returns a `CsiResult` (status.ts).
 *
 * @module
 */

import type { CsiResult } from "./status.ts";

/**
 * Access modes (spec.md `VolumeCapability.AccessMode.Mode`).
 *
 * @example
 * ```ts
 * import type { AccessMode } from "./types.ts";
 * const rwo: AccessMode = "SINGLE_NODE_WRITER";
 * ```
 */
export type AccessMode =
  | "SINGLE_NODE_WRITER"
  | "SINGLE_NODE_READER_ONLY"
  | "MULTI_NODE_READER_ONLY"
  | "MULTI_NODE_SINGLE_WRITER"
  | "MULTI_NODE_MULTI_WRITER"
  | "SINGLE_NODE_SINGLE_WRITER"
  | "SINGLE_NODE_MULTI_WRITER";

/**
 * How a volume is used: a block device or a mounted filesystem, and by whom.
 *
 * @example
 * ```ts
 * import type { VolumeCapability } from "./types.ts";
 * const blockRwo: VolumeCapability = { block: {}, access_mode: { mode: "SINGLE_NODE_WRITER" } };
 * ```
 */
export interface VolumeCapability {
  /** Raw block access (`access_type.block`). Exactly one of block/mount. */
  readonly block?: Record<string, never>;
  /** Filesystem access (`access_type.mount`). */
  readonly mount?: { readonly fs_type?: string; readonly mount_flags?: readonly string[] };
  /** The access mode. */
  readonly access_mode: { readonly mode: AccessMode };
}

/**
 * Capacity bounds in bytes; 0 or absent means unspecified (spec.md `CapacityRange`).
 *
 * @example
 * ```ts
 * import type { CapacityRange } from "./types.ts";
 * const atLeast5Gi: CapacityRange = { required_bytes: 5 * 2 ** 30 };
 * ```
 */
export interface CapacityRange {
  readonly required_bytes?: number;
  readonly limit_bytes?: number;
}

/**
 * A topology segment map, e.g. `{ "topology.kubernetes.io/zone": "zone-a" }`.
 *
 * @example
 * ```ts
 * import type { Topology } from "./types.ts";
 * const zoneA: Topology = { segments: { "topology.kubernetes.io/zone": "zone-a" } };
 * ```
 */
export interface Topology {
  readonly segments: Readonly<Record<string, string>>;
}

/**
 * Where a new volume must (requisite) and should (preferred, in order) be accessible.
 *
 * @example
 * ```ts
 * import type { TopologyRequirement } from "./types.ts";
 * const inZoneA: TopologyRequirement = { requisite: [{ segments: { "topology.kubernetes.io/zone": "zone-a" } }] };
 * ```
 */
export interface TopologyRequirement {
  readonly requisite?: readonly Topology[];
  readonly preferred?: readonly Topology[];
}

/**
 * A provisioned volume (spec.md `Volume`).
 *
 * @example
 * ```ts
 * import type { Volume } from "./types.ts";
 * const volume: Volume = { capacity_bytes: 2 ** 30, volume_id: "netblock-1", volume_context: {}, accessible_topology: [] };
 * ```
 */
export interface Volume {
  readonly capacity_bytes: number;
  readonly volume_id: string;
  readonly volume_context: Readonly<Record<string, string>>;
  readonly accessible_topology: readonly Topology[];
}

// ── Identity ─────────────────────────────────────────────────────────────────────────────
/**
 * GetPluginInfo response.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { netblockDriver } from "./drivers/netblock.ts";
 * const info = netblockDriver().identity.GetPluginInfo();
 * assert.equal(info.code === "OK" && info.value.name, "netblock.csi.stacklab");
 * ```
 */
export interface GetPluginInfoResponse {
  readonly name: string;
  readonly vendor_version: string;
  readonly manifest: Readonly<Record<string, string>>;
}
/**
 * A plugin capability (`PluginCapability.Service.Type`).
 *
 * @example
 * ```ts
 * import type { PluginCapability } from "./types.ts";
 * const capability: PluginCapability = "VOLUME_ACCESSIBILITY_CONSTRAINTS";
 * ```
 */
export type PluginCapability = "CONTROLLER_SERVICE" | "VOLUME_ACCESSIBILITY_CONSTRAINTS";
/**
 * GetPluginCapabilities response.
 *
 * @example
 * ```ts
 * import type { GetPluginCapabilitiesResponse } from "./types.ts";
 * const caps: GetPluginCapabilitiesResponse = { capabilities: [{ service: { type: "CONTROLLER_SERVICE" } }] };
 * ```
 */
export interface GetPluginCapabilitiesResponse {
  readonly capabilities: readonly { readonly service: { readonly type: PluginCapability } }[];
}
/**
 * Probe response.
 *
 * @example
 * ```ts
 * import type { ProbeResponse } from "./types.ts";
 * const probe: ProbeResponse = { ready: true };
 * ```
 */
export interface ProbeResponse {
  readonly ready: boolean;
}
/**
 * The Identity service (spec.md "Identity Service RPC").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hostpathDriver } from "./drivers/hostpath.ts";
 * import type { IdentityService } from "./types.ts";
 * const identity: IdentityService = hostpathDriver().identity;
 * assert.equal(identity.Probe().code, "OK");
 * ```
 */
export interface IdentityService {
  GetPluginInfo(request?: Record<string, never>): CsiResult<GetPluginInfoResponse>;
  GetPluginCapabilities(request?: Record<string, never>): CsiResult<GetPluginCapabilitiesResponse>;
  Probe(request?: Record<string, never>): CsiResult<ProbeResponse>;
}

// ── Controller ───────────────────────────────────────────────────────────────────────────
/**
 * CreateVolume request.
 *
 * @example
 * ```ts
 * import type { CreateVolumeRequest, VolumeCapability } from "./types.ts";
 * const RWO: VolumeCapability = { mount: { fs_type: "ext4" }, access_mode: { mode: "SINGLE_NODE_WRITER" } };
 * const request: CreateVolumeRequest = { name: "pvc-1", capacity_range: { required_bytes: 2 ** 30 }, volume_capabilities: [RWO] };
 * ```
 */
export interface CreateVolumeRequest {
  readonly name: string;
  readonly capacity_range?: CapacityRange;
  readonly volume_capabilities: readonly VolumeCapability[];
  readonly parameters?: Readonly<Record<string, string>>;
  readonly accessibility_requirements?: TopologyRequirement;
}
/**
 * CreateVolume response.
 *
 * @example
 * ```ts
 * import type { CreateVolumeResponse } from "./types.ts";
 * const response: CreateVolumeResponse = { volume: { capacity_bytes: 2 ** 30, volume_id: "netblock-1", volume_context: {}, accessible_topology: [] } };
 * ```
 */
export interface CreateVolumeResponse {
  readonly volume: Volume;
}
/**
 * DeleteVolume request.
 *
 * @example
 * ```ts
 * import type { DeleteVolumeRequest } from "./types.ts";
 * const request: DeleteVolumeRequest = { volume_id: "netblock-1" };
 * ```
 */
export interface DeleteVolumeRequest {
  readonly volume_id: string;
}
/**
 * ControllerPublishVolume request.
 *
 * @example
 * ```ts
 * import type { ControllerPublishVolumeRequest, VolumeCapability } from "./types.ts";
 * const RWO: VolumeCapability = { mount: { fs_type: "ext4" }, access_mode: { mode: "SINGLE_NODE_WRITER" } };
 * const attach: ControllerPublishVolumeRequest = { volume_id: "netblock-1", node_id: "node-a1", volume_capability: RWO, readonly: false };
 * ```
 */
export interface ControllerPublishVolumeRequest {
  readonly volume_id: string;
  readonly node_id: string;
  readonly volume_capability: VolumeCapability;
  readonly readonly: boolean;
  readonly volume_context?: Readonly<Record<string, string>>;
}
/**
 * ControllerPublishVolume response: handed to NodeStage/NodePublish.
 *
 * @example
 * ```ts
 * import type { ControllerPublishVolumeResponse } from "./types.ts";
 * const response: ControllerPublishVolumeResponse = { publish_context: { devicePath: "/dev/vdb" } };
 * ```
 */
export interface ControllerPublishVolumeResponse {
  readonly publish_context: Readonly<Record<string, string>>;
}
/**
 * ControllerUnpublishVolume request (empty node_id: from all nodes).
 *
 * @example
 * ```ts
 * import type { ControllerUnpublishVolumeRequest } from "./types.ts";
 * const detach: ControllerUnpublishVolumeRequest = { volume_id: "netblock-1", node_id: "node-a1" };
 * ```
 */
export interface ControllerUnpublishVolumeRequest {
  readonly volume_id: string;
  readonly node_id?: string;
}
/**
 * ValidateVolumeCapabilities request.
 *
 * @example
 * ```ts
 * import type { ValidateVolumeCapabilitiesRequest, VolumeCapability } from "./types.ts";
 * const RWO: VolumeCapability = { mount: { fs_type: "ext4" }, access_mode: { mode: "SINGLE_NODE_WRITER" } };
 * const request: ValidateVolumeCapabilitiesRequest = { volume_id: "netblock-1", volume_capabilities: [RWO] };
 * ```
 */
export interface ValidateVolumeCapabilitiesRequest {
  readonly volume_id: string;
  readonly volume_capabilities: readonly VolumeCapability[];
}
/**
 * ValidateVolumeCapabilities response: `confirmed` only if every capability is supported.
 *
 * @example
 * ```ts
 * import type { ValidateVolumeCapabilitiesResponse } from "./types.ts";
 * const unconfirmed: ValidateVolumeCapabilitiesResponse = { message: "MULTI_NODE_MULTI_WRITER is not supported" };
 * ```
 */
export interface ValidateVolumeCapabilitiesResponse {
  readonly confirmed?: { readonly volume_capabilities: readonly VolumeCapability[] };
  readonly message: string;
}
/**
 * ListVolumes request (paging by token).
 *
 * @example
 * ```ts
 * import type { ListVolumesRequest } from "./types.ts";
 * const firstPage: ListVolumesRequest = { max_entries: 10 };
 * ```
 */
export interface ListVolumesRequest {
  readonly max_entries?: number;
  readonly starting_token?: string;
}
/**
 * ListVolumes response.
 *
 * @example
 * ```ts
 * import type { ListVolumesResponse } from "./types.ts";
 * const empty: ListVolumesResponse = { entries: [], next_token: "" };
 * ```
 */
export interface ListVolumesResponse {
  readonly entries: readonly {
    readonly volume: Volume;
    readonly status: { readonly published_node_ids: readonly string[] };
  }[];
  readonly next_token: string;
}
/**
 * GetCapacity request.
 *
 * @example
 * ```ts
 * import type { GetCapacityRequest } from "./types.ts";
 * const inZoneA: GetCapacityRequest = { accessible_topology: { segments: { "topology.kubernetes.io/zone": "zone-a" } } };
 * ```
 */
export interface GetCapacityRequest {
  readonly volume_capabilities?: readonly VolumeCapability[];
  readonly accessible_topology?: Topology;
}
/**
 * GetCapacity response.
 *
 * @example
 * ```ts
 * import type { GetCapacityResponse } from "./types.ts";
 * const capacity: GetCapacityResponse = { available_capacity: 100 * 2 ** 30, maximum_volume_size: 64 * 2 ** 30 };
 * ```
 */
export interface GetCapacityResponse {
  readonly available_capacity: number;
  readonly maximum_volume_size: number;
}
/**
 * A controller capability (`ControllerServiceCapability.RPC.Type`).
 *
 * @example
 * ```ts
 * import type { ControllerCapability } from "./types.ts";
 * const attach: ControllerCapability = "PUBLISH_UNPUBLISH_VOLUME";
 * ```
 */
export type ControllerCapability =
  | "CREATE_DELETE_VOLUME"
  | "PUBLISH_UNPUBLISH_VOLUME"
  | "LIST_VOLUMES"
  | "GET_CAPACITY"
  | "LIST_VOLUMES_PUBLISHED_NODES";
/**
 * ControllerGetCapabilities response.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hostpathDriver } from "./drivers/hostpath.ts";
 * const caps = hostpathDriver().controller.ControllerGetCapabilities();
 * assert.ok(caps.code === "OK" && !caps.value.capabilities.some((c) => c.rpc.type === "PUBLISH_UNPUBLISH_VOLUME"));
 * ```
 */
export interface ControllerGetCapabilitiesResponse {
  readonly capabilities: readonly { readonly rpc: { readonly type: ControllerCapability } }[];
}
/**
 * The Controller service (spec.md "Controller Service RPC").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { netblockDriver } from "./drivers/netblock.ts";
 * import type { ControllerService, VolumeCapability } from "./types.ts";
 * const RWO: VolumeCapability = { mount: { fs_type: "ext4" }, access_mode: { mode: "SINGLE_NODE_WRITER" } };
 * const controller: ControllerService = netblockDriver().controller;
 * assert.equal(controller.CreateVolume({ name: "pvc-1", volume_capabilities: [RWO] }).code, "OK");
 * assert.equal(controller.DeleteVolume({ volume_id: "netblock-404" }).code, "OK"); // idempotent
 * ```
 */
export interface ControllerService {
  CreateVolume(request: CreateVolumeRequest): CsiResult<CreateVolumeResponse>;
  DeleteVolume(request: DeleteVolumeRequest): CsiResult<Record<string, never>>;
  ControllerPublishVolume(
    request: ControllerPublishVolumeRequest,
  ): CsiResult<ControllerPublishVolumeResponse>;
  ControllerUnpublishVolume(
    request: ControllerUnpublishVolumeRequest,
  ): CsiResult<Record<string, never>>;
  ValidateVolumeCapabilities(
    request: ValidateVolumeCapabilitiesRequest,
  ): CsiResult<ValidateVolumeCapabilitiesResponse>;
  ListVolumes(request?: ListVolumesRequest): CsiResult<ListVolumesResponse>;
  GetCapacity(request?: GetCapacityRequest): CsiResult<GetCapacityResponse>;
  ControllerGetCapabilities(
    request?: Record<string, never>,
  ): CsiResult<ControllerGetCapabilitiesResponse>;
}

// ── Node ─────────────────────────────────────────────────────────────────────────────────
/**
 * NodeStageVolume request: make the volume ready on the node (format, mount globally).
 *
 * @example
 * ```ts
 * import type { NodeStageVolumeRequest, VolumeCapability } from "./types.ts";
 * const RWO: VolumeCapability = { mount: { fs_type: "ext4" }, access_mode: { mode: "SINGLE_NODE_WRITER" } };
 * const stage: NodeStageVolumeRequest = { volume_id: "netblock-1", staging_target_path: "/var/lib/kubelet/plugins/netblock/staging/netblock-1", volume_capability: RWO };
 * ```
 */
export interface NodeStageVolumeRequest {
  readonly volume_id: string;
  readonly publish_context?: Readonly<Record<string, string>>;
  readonly staging_target_path: string;
  readonly volume_capability: VolumeCapability;
  readonly volume_context?: Readonly<Record<string, string>>;
}
/**
 * NodeUnstageVolume request.
 *
 * @example
 * ```ts
 * import type { NodeUnstageVolumeRequest } from "./types.ts";
 * const unstage: NodeUnstageVolumeRequest = { volume_id: "netblock-1", staging_target_path: "/var/lib/kubelet/plugins/netblock/staging/netblock-1" };
 * ```
 */
export interface NodeUnstageVolumeRequest {
  readonly volume_id: string;
  readonly staging_target_path: string;
}
/**
 * NodePublishVolume request: mount into one pod's target path.
 *
 * @example
 * ```ts
 * import type { NodePublishVolumeRequest, VolumeCapability } from "./types.ts";
 * const RWO: VolumeCapability = { mount: { fs_type: "ext4" }, access_mode: { mode: "SINGLE_NODE_WRITER" } };
 * const publish: NodePublishVolumeRequest = { volume_id: "hostpath-1", target_path: "/var/lib/kubelet/pods/p/volumes/data", volume_capability: RWO, readonly: false };
 * ```
 */
export interface NodePublishVolumeRequest {
  readonly volume_id: string;
  readonly publish_context?: Readonly<Record<string, string>>;
  readonly staging_target_path?: string;
  readonly target_path: string;
  readonly volume_capability: VolumeCapability;
  readonly readonly: boolean;
  readonly volume_context?: Readonly<Record<string, string>>;
}
/**
 * NodeUnpublishVolume request.
 *
 * @example
 * ```ts
 * import type { NodeUnpublishVolumeRequest } from "./types.ts";
 * const unpublish: NodeUnpublishVolumeRequest = { volume_id: "hostpath-1", target_path: "/var/lib/kubelet/pods/p/volumes/data" };
 * ```
 */
export interface NodeUnpublishVolumeRequest {
  readonly volume_id: string;
  readonly target_path: string;
}
/**
 * NodeGetInfo response: identity, attach limit and topology of this node.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { netblockDriver } from "./drivers/netblock.ts";
 * const info = netblockDriver({ maxVolumesPerNode: 3 }).node("node-a1")!.NodeGetInfo();
 * assert.equal(info.code === "OK" && info.value.max_volumes_per_node, 3);
 * ```
 */
export interface NodeGetInfoResponse {
  readonly node_id: string;
  readonly max_volumes_per_node: number;
  readonly accessible_topology: Topology;
}
/**
 * A node capability (`NodeServiceCapability.RPC.Type`).
 *
 * @example
 * ```ts
 * import type { NodeCapability } from "./types.ts";
 * const stage: NodeCapability = "STAGE_UNSTAGE_VOLUME";
 * ```
 */
export type NodeCapability = "STAGE_UNSTAGE_VOLUME" | "GET_VOLUME_STATS";
/**
 * NodeGetCapabilities response.
 *
 * @example
 * ```ts
 * import type { NodeGetCapabilitiesResponse } from "./types.ts";
 * const caps: NodeGetCapabilitiesResponse = { capabilities: [{ rpc: { type: "STAGE_UNSTAGE_VOLUME" } }] };
 * ```
 */
export interface NodeGetCapabilitiesResponse {
  readonly capabilities: readonly { readonly rpc: { readonly type: NodeCapability } }[];
}
/**
 * The Node service, one instance per node (spec.md "Node Service RPC").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hostpathDriver } from "./drivers/hostpath.ts";
 * import type { NodeService } from "./types.ts";
 * const node: NodeService = hostpathDriver().node("node-1")!;
 * assert.equal(node.NodeGetCapabilities().code, "OK");
 * ```
 */
export interface NodeService {
  NodeStageVolume(request: NodeStageVolumeRequest): CsiResult<Record<string, never>>;
  NodeUnstageVolume(request: NodeUnstageVolumeRequest): CsiResult<Record<string, never>>;
  NodePublishVolume(request: NodePublishVolumeRequest): CsiResult<Record<string, never>>;
  NodeUnpublishVolume(request: NodeUnpublishVolumeRequest): CsiResult<Record<string, never>>;
  NodeGetInfo(request?: Record<string, never>): CsiResult<NodeGetInfoResponse>;
  NodeGetCapabilities(request?: Record<string, never>): CsiResult<NodeGetCapabilitiesResponse>;
}

/**
 * A whole CSI driver: identity and controller once, a node service per node.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hostpathDriver } from "./drivers/hostpath.ts";
 * import type { CsiDriver } from "./types.ts";
 * const driver: CsiDriver = hostpathDriver();
 * assert.deepEqual(driver.nodeIds, ["node-1", "node-2", "node-3"]);
 * assert.equal(driver.node("node-9"), undefined);
 * ```
 */
export interface CsiDriver {
  /** The driver name, as GetPluginInfo reports it. */
  readonly name: string;
  readonly identity: IdentityService;
  readonly controller: ControllerService;
  /** The node plugin running on `nodeId`; undefined for an unknown node. */
  node(nodeId: string): NodeService | undefined;
  /** Node ids this driver runs on. */
  readonly nodeIds: readonly string[];
}

/**
 * A factory in the registry table.
 *
 * @example
 * ```ts
 * import { netblockDriver } from "./drivers/netblock.ts";
 * import type { CsiDriverFactory } from "./types.ts";
 * const factory: CsiDriverFactory = (options) => netblockDriver(options);
 * factory({ maxVolumesPerNode: 4 });
 * ```
 */
export type CsiDriverFactory = (options?: Record<string, unknown>) => CsiDriver;
