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

/** Access modes (spec.md `VolumeCapability.AccessMode.Mode`). */
export type AccessMode =
  | "SINGLE_NODE_WRITER"
  | "SINGLE_NODE_READER_ONLY"
  | "MULTI_NODE_READER_ONLY"
  | "MULTI_NODE_SINGLE_WRITER"
  | "MULTI_NODE_MULTI_WRITER"
  | "SINGLE_NODE_SINGLE_WRITER"
  | "SINGLE_NODE_MULTI_WRITER";

/** How a volume is used: a block device or a mounted filesystem, and by whom. */
export interface VolumeCapability {
  /** Raw block access (`access_type.block`). Exactly one of block/mount. */
  readonly block?: Record<string, never>;
  /** Filesystem access (`access_type.mount`). */
  readonly mount?: { readonly fs_type?: string; readonly mount_flags?: readonly string[] };
  /** The access mode. */
  readonly access_mode: { readonly mode: AccessMode };
}

/** Capacity bounds in bytes; 0 or absent means unspecified (spec.md `CapacityRange`). */
export interface CapacityRange {
  readonly required_bytes?: number;
  readonly limit_bytes?: number;
}

/** A topology segment map, e.g. `{ "topology.kubernetes.io/zone": "zone-a" }`. */
export interface Topology {
  readonly segments: Readonly<Record<string, string>>;
}

/** Where a new volume must (requisite) and should (preferred, in order) be accessible. */
export interface TopologyRequirement {
  readonly requisite?: readonly Topology[];
  readonly preferred?: readonly Topology[];
}

/** A provisioned volume (spec.md `Volume`). */
export interface Volume {
  readonly capacity_bytes: number;
  readonly volume_id: string;
  readonly volume_context: Readonly<Record<string, string>>;
  readonly accessible_topology: readonly Topology[];
}

// ── Identity ─────────────────────────────────────────────────────────────────────────────
/** GetPluginInfo response. */
export interface GetPluginInfoResponse {
  readonly name: string;
  readonly vendor_version: string;
  readonly manifest: Readonly<Record<string, string>>;
}
/** A plugin capability (`PluginCapability.Service.Type`). */
export type PluginCapability = "CONTROLLER_SERVICE" | "VOLUME_ACCESSIBILITY_CONSTRAINTS";
/** GetPluginCapabilities response. */
export interface GetPluginCapabilitiesResponse {
  readonly capabilities: readonly { readonly service: { readonly type: PluginCapability } }[];
}
/** Probe response. */
export interface ProbeResponse {
  readonly ready: boolean;
}
/** The Identity service (spec.md "Identity Service RPC"). */
export interface IdentityService {
  GetPluginInfo(request?: Record<string, never>): CsiResult<GetPluginInfoResponse>;
  GetPluginCapabilities(request?: Record<string, never>): CsiResult<GetPluginCapabilitiesResponse>;
  Probe(request?: Record<string, never>): CsiResult<ProbeResponse>;
}

// ── Controller ───────────────────────────────────────────────────────────────────────────
/** CreateVolume request. */
export interface CreateVolumeRequest {
  readonly name: string;
  readonly capacity_range?: CapacityRange;
  readonly volume_capabilities: readonly VolumeCapability[];
  readonly parameters?: Readonly<Record<string, string>>;
  readonly accessibility_requirements?: TopologyRequirement;
}
/** CreateVolume response. */
export interface CreateVolumeResponse {
  readonly volume: Volume;
}
/** DeleteVolume request. */
export interface DeleteVolumeRequest {
  readonly volume_id: string;
}
/** ControllerPublishVolume request. */
export interface ControllerPublishVolumeRequest {
  readonly volume_id: string;
  readonly node_id: string;
  readonly volume_capability: VolumeCapability;
  readonly readonly: boolean;
  readonly volume_context?: Readonly<Record<string, string>>;
}
/** ControllerPublishVolume response: handed to NodeStage/NodePublish. */
export interface ControllerPublishVolumeResponse {
  readonly publish_context: Readonly<Record<string, string>>;
}
/** ControllerUnpublishVolume request (empty node_id: from all nodes). */
export interface ControllerUnpublishVolumeRequest {
  readonly volume_id: string;
  readonly node_id?: string;
}
/** ValidateVolumeCapabilities request. */
export interface ValidateVolumeCapabilitiesRequest {
  readonly volume_id: string;
  readonly volume_capabilities: readonly VolumeCapability[];
}
/** ValidateVolumeCapabilities response: `confirmed` only if every capability is supported. */
export interface ValidateVolumeCapabilitiesResponse {
  readonly confirmed?: { readonly volume_capabilities: readonly VolumeCapability[] };
  readonly message: string;
}
/** ListVolumes request (paging by token). */
export interface ListVolumesRequest {
  readonly max_entries?: number;
  readonly starting_token?: string;
}
/** ListVolumes response. */
export interface ListVolumesResponse {
  readonly entries: readonly {
    readonly volume: Volume;
    readonly status: { readonly published_node_ids: readonly string[] };
  }[];
  readonly next_token: string;
}
/** GetCapacity request. */
export interface GetCapacityRequest {
  readonly volume_capabilities?: readonly VolumeCapability[];
  readonly accessible_topology?: Topology;
}
/** GetCapacity response. */
export interface GetCapacityResponse {
  readonly available_capacity: number;
  readonly maximum_volume_size: number;
}
/** A controller capability (`ControllerServiceCapability.RPC.Type`). */
export type ControllerCapability =
  | "CREATE_DELETE_VOLUME"
  | "PUBLISH_UNPUBLISH_VOLUME"
  | "LIST_VOLUMES"
  | "GET_CAPACITY"
  | "LIST_VOLUMES_PUBLISHED_NODES";
/** ControllerGetCapabilities response. */
export interface ControllerGetCapabilitiesResponse {
  readonly capabilities: readonly { readonly rpc: { readonly type: ControllerCapability } }[];
}
/** The Controller service (spec.md "Controller Service RPC"). */
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
/** NodeStageVolume request: make the volume ready on the node (format, mount globally). */
export interface NodeStageVolumeRequest {
  readonly volume_id: string;
  readonly publish_context?: Readonly<Record<string, string>>;
  readonly staging_target_path: string;
  readonly volume_capability: VolumeCapability;
  readonly volume_context?: Readonly<Record<string, string>>;
}
/** NodeUnstageVolume request. */
export interface NodeUnstageVolumeRequest {
  readonly volume_id: string;
  readonly staging_target_path: string;
}
/** NodePublishVolume request: mount into one pod's target path. */
export interface NodePublishVolumeRequest {
  readonly volume_id: string;
  readonly publish_context?: Readonly<Record<string, string>>;
  readonly staging_target_path?: string;
  readonly target_path: string;
  readonly volume_capability: VolumeCapability;
  readonly readonly: boolean;
  readonly volume_context?: Readonly<Record<string, string>>;
}
/** NodeUnpublishVolume request. */
export interface NodeUnpublishVolumeRequest {
  readonly volume_id: string;
  readonly target_path: string;
}
/** NodeGetInfo response: identity, attach limit and topology of this node. */
export interface NodeGetInfoResponse {
  readonly node_id: string;
  readonly max_volumes_per_node: number;
  readonly accessible_topology: Topology;
}
/** A node capability (`NodeServiceCapability.RPC.Type`). */
export type NodeCapability = "STAGE_UNSTAGE_VOLUME" | "GET_VOLUME_STATS";
/** NodeGetCapabilities response. */
export interface NodeGetCapabilitiesResponse {
  readonly capabilities: readonly { readonly rpc: { readonly type: NodeCapability } }[];
}
/** The Node service, one instance per node (spec.md "Node Service RPC"). */
export interface NodeService {
  NodeStageVolume(request: NodeStageVolumeRequest): CsiResult<Record<string, never>>;
  NodeUnstageVolume(request: NodeUnstageVolumeRequest): CsiResult<Record<string, never>>;
  NodePublishVolume(request: NodePublishVolumeRequest): CsiResult<Record<string, never>>;
  NodeUnpublishVolume(request: NodeUnpublishVolumeRequest): CsiResult<Record<string, never>>;
  NodeGetInfo(request?: Record<string, never>): CsiResult<NodeGetInfoResponse>;
  NodeGetCapabilities(request?: Record<string, never>): CsiResult<NodeGetCapabilitiesResponse>;
}

/** A whole CSI driver: identity and controller once, a node service per node. */
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

/** A factory in the registry table. */
export type CsiDriverFactory = (options?: Record<string, unknown>) => CsiDriver;
