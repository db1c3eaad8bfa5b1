/**
 * The shared machinery behind both model drivers: a volume table, capacity pools per topology
 * segment, the lifecycle state per (volume, node), and the per-call error rules of spec.md.
 * A driver is this engine plus a profile (drivers/hostpath.ts, drivers/netblock.ts).
 *
 * ```
 *  volumes: volume_id ─▶ { name, volume, mode, nodes: node_id ─▶ { state, staging, targets, publish } }
 *  names:   name ─▶ volume_id          (CreateVolume idempotency: same name, same answer)
 *  free:    segment ─▶ bytes left      (GetCapacity; RESOURCE_EXHAUSTED when nothing fits)
 * ```
 *
 * @module
 */

import { nextVolumeState, type VolumeState } from "./lifecycle.ts";
import { csiError, csiOk } from "./status.ts";
import { createNodeService } from "./_node_service.ts";
import type {
  AccessMode,
  ControllerCapability,
  ControllerService,
  CsiDriver,
  IdentityService,
  NodeService,
  Topology,
  Volume,
  VolumeCapability,
} from "./types.ts";

/** What makes one driver differ from another. */
export interface DriverProfile {
  readonly name: string;
  readonly vendorVersion: string;
  /** The topology key, e.g. `topology.kubernetes.io/zone`. */
  readonly topologyKey: string;
  /** Nodes: id, their topology segment value, attach limit. */
  readonly nodes: readonly { id: string; segment: string; maxVolumesPerNode: number }[];
  /** Capacity per segment, bytes. */
  readonly pools: Readonly<Record<string, number>>;
  /** Smallest and largest volume the driver creates, bytes. */
  readonly minVolumeBytes: number;
  readonly maxVolumeBytes: number;
  /** Access modes it supports. */
  readonly accessModes: readonly AccessMode[];
  /** Controller PUBLISH_UNPUBLISH_VOLUME (attach). */
  readonly controllerPublish: boolean;
  /** Node STAGE_UNSTAGE_VOLUME. */
  readonly stage: boolean;
  /** Prefix of volume ids. */
  readonly idPrefix: string;
}

/** The lifecycle of one volume on one node. */
export interface NodeVolume {
  state: VolumeState;
  staging?: string;
  targets: Map<string, boolean>; // target path → readonly
  publish?: { readonly: boolean; mode: AccessMode; context: Record<string, string> };
}
/** One volume in the table. */
export interface Entry {
  name: string;
  volume: Volume;
  segment: string;
  mode: AccessMode;
  nodes: Map<string, NodeVolume>;
}

/** What the node services share with the controller. */
export interface EngineState {
  readonly profile: DriverProfile;
  readonly volumes: Map<string, Entry>;
  readonly caps: { controllerPublish: boolean; stage: boolean };
  nodeVolume(entry: Entry, nodeId: string): NodeVolume;
  topology(segment: string): Topology;
}

type Empty = Record<string, never>;
const EMPTY: Empty = {};
/** True for the SINGLE_NODE_* access modes. */
export const isSingleNode = (mode: AccessMode) => mode.startsWith("SINGLE_NODE");

/** Build a driver from a profile (used by the drivers' factories). */
/**
 * CSI messages spell their fields in snake_case (spec.md protobufs): a request written with
 * `volumeCapabilities` would otherwise read as "capabilities must be provided". Wrap a service
 * so every call first answers INVALID_ARGUMENT naming the camelCase key and its spelling.
 */
export function snakeCaseFields<T extends object>(service: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(service)) {
    wrapped[name] = (request?: Record<string, unknown>) => {
      const camel = Object.keys(request ?? {}).find((key) => /[a-z][A-Z]/.test(key));
      if (camel !== undefined) {
        const snake = camel.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
        return csiError(
          "INVALID_ARGUMENT",
          `Unknown field ${camel} in the ${name} request; CSI messages spell fields in snake_case: ${snake}`,
        );
      }
      return (method as (r?: unknown) => unknown)(request);
    };
  }
  return wrapped as T;
}

export function createEngineDriver(profile: DriverProfile): CsiDriver {
  const volumes = new Map<string, Entry>();
  const names = new Map<string, string>();
  const free = new Map(Object.entries(profile.pools));
  const caps = { controllerPublish: profile.controllerPublish, stage: profile.stage };
  let counter = 0;
  let devices = 0;
  const nodeById = new Map(profile.nodes.map((n) => [n.id, n]));
  const topology = (segment: string): Topology => ({
    segments: { [profile.topologyKey]: segment },
  });
  const segmentOf = (t: Topology) => t.segments[profile.topologyKey];
  const modeOk = (c: VolumeCapability) => profile.accessModes.includes(c?.access_mode?.mode);
  const nodeVolume = (entry: Entry, nodeId: string) => {
    let nv = entry.nodes.get(nodeId);
    if (!nv) entry.nodes.set(nodeId, nv = { state: "CREATED", targets: new Map() });
    return nv;
  };
  const attachedCount = (nodeId: string) =>
    [...volumes.values()].filter((e) => (e.nodes.get(nodeId)?.state ?? "CREATED") !== "CREATED")
      .length;

  const identity: IdentityService = {
    GetPluginInfo: () =>
      csiOk({ name: profile.name, vendor_version: profile.vendorVersion, manifest: {} }),
    GetPluginCapabilities: () =>
      csiOk({
        capabilities: [
          { service: { type: "CONTROLLER_SERVICE" } },
          { service: { type: "VOLUME_ACCESSIBILITY_CONSTRAINTS" } },
        ],
      }),
    Probe: () => csiOk({ ready: true }),
  };

  const controllerCaps: ControllerCapability[] = [
    "CREATE_DELETE_VOLUME",
    ...(profile.controllerPublish ? ["PUBLISH_UNPUBLISH_VOLUME" as const] : []),
    "LIST_VOLUMES",
    "GET_CAPACITY",
    "LIST_VOLUMES_PUBLISHED_NODES",
  ];

  const controller: ControllerService = {
    // spec.md "CreateVolume" and "CreateVolume Errors"
    CreateVolume(req) {
      if (!req?.name) return csiError("INVALID_ARGUMENT", "Volume name must be provided");
      if (!req.volume_capabilities?.length) {
        return csiError("INVALID_ARGUMENT", "Volume capabilities must be provided");
      }
      const bad = req.volume_capabilities.find((c) => !modeOk(c));
      if (bad) {
        return csiError(
          "INVALID_ARGUMENT",
          "Unsupported volume capability",
          `${bad.access_mode?.mode}; ${profile.name} supports ${profile.accessModes.join(", ")}`,
        );
      }
      const required = req.capacity_range?.required_bytes || 0;
      const limit = req.capacity_range?.limit_bytes || 0;
      // size = max(required, minimum); must lie within [required, limit] and ≤ maximum
      const size = Math.max(required, profile.minVolumeBytes);
      if ((limit && (size > limit || required > limit)) || size > profile.maxVolumeBytes) {
        return csiError(
          "OUT_OF_RANGE",
          "Unsupported capacity_range",
          `required ${required}, limit ${
            limit || "none"
          }; this driver makes ${profile.minVolumeBytes}–${profile.maxVolumeBytes} bytes`,
        );
      }
      const existing = names.get(req.name);
      if (existing) {
        // idempotency: the same name with a compatible request returns the same volume
        const entry = volumes.get(existing)!;
        const fits = entry.volume.capacity_bytes >= required &&
          (!limit || entry.volume.capacity_bytes <= limit) &&
          req.volume_capabilities.every((c) => c.access_mode.mode === entry.mode);
        return fits ? csiOk({ volume: entry.volume }) : csiError(
          "ALREADY_EXISTS",
          "Volume already exists but is incompatible",
          `${req.name} has ${entry.volume.capacity_bytes} bytes, mode ${entry.mode}`,
        );
      }
      // topology: preferred in order (within requisite), then the rest of requisite; else any segment
      const requisite = (req.accessibility_requirements?.requisite ?? []).map(segmentOf);
      const preferred = (req.accessibility_requirements?.preferred ?? []).map(segmentOf)
        .filter((s) => requisite.length === 0 || requisite.includes(s));
      let candidates = [...new Set([...preferred, ...requisite])];
      if (candidates.length === 0) {
        candidates = [...free.keys()].sort((a, b) =>
          free.get(b)! - free.get(a)! || (a < b ? -1 : 1)
        );
      }
      const segment = candidates.find((s) => (free.get(s) ?? 0) >= size);
      if (segment === undefined) {
        return csiError(
          "RESOURCE_EXHAUSTED",
          "Unable to provision in accessible_topology",
          `no segment of [${candidates.join(", ")}] has ${size} bytes free`,
        );
      }
      free.set(segment, free.get(segment)! - size);
      const volume: Volume = {
        capacity_bytes: size,
        volume_id: `${profile.idPrefix}-${++counter}`,
        volume_context: {},
        accessible_topology: [topology(segment)],
      };
      volumes.set(volume.volume_id, {
        name: req.name,
        volume,
        segment,
        mode: req.volume_capabilities[0].access_mode.mode,
        nodes: new Map(),
      });
      names.set(req.name, volume.volume_id);
      return csiOk({ volume });
    },
    // spec.md "DeleteVolume": a volume that does not exist is OK (idempotent)
    DeleteVolume(req) {
      if (!req?.volume_id) return csiError("INVALID_ARGUMENT", "Volume ID must be provided");
      const entry = volumes.get(req.volume_id);
      if (!entry) return csiOk(EMPTY);
      const busy = [...entry.nodes].find(([, nv]) => nv.state !== "CREATED");
      if (busy) {
        return csiError("FAILED_PRECONDITION", "Volume in use", `${busy[1].state} on ${busy[0]}`);
      }
      free.set(entry.segment, free.get(entry.segment)! + entry.volume.capacity_bytes);
      volumes.delete(req.volume_id);
      names.delete(entry.name);
      return csiOk(EMPTY);
    },
    // spec.md "ControllerPublishVolume Errors"
    ControllerPublishVolume(req) {
      if (!profile.controllerPublish) return csiError("UNIMPLEMENTED", "ControllerPublishVolume");
      if (!req?.volume_id || !req.node_id || !req.volume_capability) {
        return csiError(
          "INVALID_ARGUMENT",
          "volume_id, node_id and volume_capability must be provided",
        );
      }
      const entry = volumes.get(req.volume_id);
      if (!entry) return csiError("NOT_FOUND", "Volume does not exist", req.volume_id);
      const node = nodeById.get(req.node_id);
      if (!node) return csiError("NOT_FOUND", "Node does not exist", req.node_id);
      if (node.segment !== entry.segment) {
        return csiError(
          "FAILED_PRECONDITION",
          "Volume not accessible from node",
          `${req.volume_id} is in ${entry.segment}, ${req.node_id} in ${node.segment}`,
        );
      }
      const nv = nodeVolume(entry, req.node_id);
      if (nv.publish) {
        const same = nv.publish.readonly === req.readonly &&
          nv.publish.mode === req.volume_capability.access_mode.mode;
        return same ? csiOk({ publish_context: nv.publish.context }) : csiError(
          "ALREADY_EXISTS",
          "Volume published but is incompatible",
          `${req.volume_id} on ${req.node_id}`,
        );
      }
      const elsewhere = [...entry.nodes].find(([id, v]) =>
        id !== req.node_id && v.state !== "CREATED"
      );
      if (elsewhere && isSingleNode(entry.mode)) {
        return csiError("FAILED_PRECONDITION", "Volume published to another node", elsewhere[0]);
      }
      if (attachedCount(req.node_id) >= node.maxVolumesPerNode) {
        return csiError(
          "RESOURCE_EXHAUSTED",
          "Max volumes attached",
          `${req.node_id} has ${node.maxVolumesPerNode} of max_volumes_per_node ${node.maxVolumesPerNode}`,
        );
      }
      nv.state = "NODE_READY";
      nv.publish = {
        readonly: req.readonly,
        mode: req.volume_capability.access_mode.mode,
        context: { devicePath: `/dev/nbd${devices++}` },
      };
      return csiOk({ publish_context: nv.publish.context });
    },
    ControllerUnpublishVolume(req) {
      if (!profile.controllerPublish) return csiError("UNIMPLEMENTED", "ControllerUnpublishVolume");
      if (!req?.volume_id) return csiError("INVALID_ARGUMENT", "Volume ID must be provided");
      const entry = volumes.get(req.volume_id);
      if (!entry) return csiError("NOT_FOUND", "Volume does not exist", req.volume_id);
      if (req.node_id && !nodeById.has(req.node_id)) {
        return csiError("NOT_FOUND", "Node does not exist", req.node_id);
      }
      for (const nodeId of req.node_id ? [req.node_id] : [...entry.nodes.keys()]) {
        const nv = nodeVolume(entry, nodeId);
        const step = nextVolumeState(nv.state, "ControllerUnpublishVolume", caps);
        if (!step.ok) return csiError("FAILED_PRECONDITION", step.message);
        nv.state = step.state;
        if (step.changed) nv.publish = undefined;
      }
      return csiOk(EMPTY);
    },
    ValidateVolumeCapabilities(req) {
      const entry = volumes.get(req?.volume_id);
      if (!entry) return csiError("NOT_FOUND", "Volume does not exist", req?.volume_id);
      const unsupported = req.volume_capabilities.filter((c) => !modeOk(c));
      return csiOk(
        unsupported.length === 0
          ? { confirmed: { volume_capabilities: req.volume_capabilities }, message: "" }
          : {
            message: `unsupported access modes: ${
              unsupported.map((c) => c.access_mode.mode).join(", ")
            }`,
          },
      );
    },
    ListVolumes(req = {}) {
      const ids = [...volumes.keys()].sort((a, b) =>
        Number(a.split("-").at(-1)) - Number(b.split("-").at(-1))
      );
      const start = req.starting_token ? Number(req.starting_token) : 0;
      if (!Number.isInteger(start) || start < 0 || start > ids.length) {
        return csiError("ABORTED", "Invalid starting_token", String(req.starting_token));
      }
      const end = req.max_entries ? Math.min(ids.length, start + req.max_entries) : ids.length;
      const entries = ids.slice(start, end).map((id) => {
        const entry = volumes.get(id)!;
        const published = [...entry.nodes].filter(([, nv]) => nv.state !== "CREATED").map(([n]) =>
          n
        );
        return { volume: entry.volume, status: { published_node_ids: published } };
      });
      return csiOk({ entries, next_token: end < ids.length ? String(end) : "" });
    },
    GetCapacity(req = {}) {
      const segment = req.accessible_topology ? segmentOf(req.accessible_topology) : undefined;
      const available = segment !== undefined
        ? free.get(segment) ?? 0
        : [...free.values()].reduce((a, b) => a + b, 0);
      return csiOk({
        available_capacity: available,
        maximum_volume_size: Math.min(profile.maxVolumeBytes, available),
      });
    },
    ControllerGetCapabilities: () =>
      csiOk({ capabilities: controllerCaps.map((type) => ({ rpc: { type } })) }),
  };

  const nodes = new Map<string, NodeService>();
  const state: EngineState = { profile, volumes, caps, nodeVolume, topology };
  for (const node of profile.nodes) {
    nodes.set(node.id, snakeCaseFields(createNodeService(state, node)));
  }

  return {
    name: profile.name,
    identity,
    controller: snakeCaseFields(controller),
    node: (nodeId) => nodes.get(nodeId),
    nodeIds: profile.nodes.map((n) => n.id),
  };
}
