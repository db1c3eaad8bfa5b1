/**
 * The Node service of the model drivers: one instance per node, sharing the volume table with
 * the controller (`_engine.ts`). spec.md "Node Service RPC": NodeStageVolume, NodeUnstageVolume,
 * NodePublishVolume, NodeUnpublishVolume, NodeGetInfo, NodeGetCapabilities, each with the error
 * table of its section ("NodeStageVolume Errors", …).
 *
 * ```
 *  NodeStageVolume    staging_target_path (once per node)   VOL_READY
 *  NodePublishVolume  target_path (once per pod)            PUBLISHED while any target remains
 * ```
 *
 * @module
 */

import { type LifecycleCall, nextVolumeState } from "./lifecycle.ts";
import { csiError, csiOk, type CsiResult } from "./status.ts";
import type { NodeService } from "./types.ts";
import { type DriverProfile, type EngineState, type Entry, isSingleNode } from "./_engine.ts";

type Empty = Record<string, never>;
const EMPTY: Empty = {};

/** The Node service on `node`. */
export function createNodeService(
  state: EngineState,
  node: DriverProfile["nodes"][number],
): NodeService {
  const { profile, volumes, caps, nodeVolume, topology } = state;
  // a volume is visible on a node only in its own topology segment (hostpath: its own node)
  const find = (id: string | undefined): Entry | CsiResult<Empty> => {
    const entry = id ? volumes.get(id) : undefined;
    return entry && entry.segment === node.segment
      ? entry
      : csiError("NOT_FOUND", "Volume does not exist", `${id} on ${node.id}`);
  };
  const step = (entry: Entry, call: LifecycleCall): CsiResult<Empty> | undefined => {
    const nv = nodeVolume(entry, node.id);
    const next = nextVolumeState(nv.state, call, caps);
    if (!next.ok) return csiError("FAILED_PRECONDITION", next.message);
    nv.state = next.state;
    return undefined;
  };
  return {
    NodeStageVolume(req) {
      if (!profile.stage) return csiError("UNIMPLEMENTED", "NodeStageVolume");
      if (!req?.volume_id || !req.staging_target_path || !req.volume_capability) {
        return csiError(
          "INVALID_ARGUMENT",
          "volume_id, staging_target_path and volume_capability must be provided",
        );
      }
      const entry = find(req.volume_id);
      if (!("volume" in entry)) return entry;
      const nv = nodeVolume(entry, node.id);
      if (nv.staging !== undefined && nv.staging !== req.staging_target_path) {
        return csiError(
          "ALREADY_EXISTS",
          "Volume published but is incompatible",
          `staged at ${nv.staging}`,
        );
      }
      const failed = step(entry, "NodeStageVolume");
      if (failed) return failed;
      nv.staging = req.staging_target_path;
      return csiOk(EMPTY);
    },
    NodeUnstageVolume(req) {
      if (!profile.stage) return csiError("UNIMPLEMENTED", "NodeUnstageVolume");
      const entry = find(req?.volume_id);
      if (!("volume" in entry)) return entry;
      const failed = step(entry, "NodeUnstageVolume");
      if (failed) return failed;
      nodeVolume(entry, node.id).staging = undefined;
      return csiOk(EMPTY);
    },
    NodePublishVolume(req) {
      if (!req?.volume_id || !req.target_path || !req.volume_capability) {
        return csiError(
          "INVALID_ARGUMENT",
          "volume_id, target_path and volume_capability must be provided",
        );
      }
      if (profile.stage && !req.staging_target_path) {
        return csiError(
          "FAILED_PRECONDITION",
          "Staging target path not set",
          "this driver has STAGE_UNSTAGE_VOLUME",
        );
      }
      const entry = find(req.volume_id);
      if (!("volume" in entry)) return entry;
      const nv = nodeVolume(entry, node.id);
      const known = nv.targets.get(req.target_path);
      if (known !== undefined) {
        return known === req.readonly ? csiOk(EMPTY) : csiError(
          "ALREADY_EXISTS",
          "Volume published but is incompatible",
          `${req.target_path} readonly=${known}`,
        );
      }
      const others = [...entry.nodes].some(([id, v]) => id !== node.id && v.targets.size > 0);
      if (
        (others && isSingleNode(entry.mode)) ||
        (nv.targets.size > 0 && entry.mode === "SINGLE_NODE_SINGLE_WRITER")
      ) {
        return csiError(
          "FAILED_PRECONDITION",
          "Exceeds capabilities",
          `${entry.mode} is already published`,
        );
      }
      if (nv.targets.size === 0) {
        const failed = step(entry, "NodePublishVolume");
        if (failed) return failed;
      }
      nv.targets.set(req.target_path, req.readonly);
      return csiOk(EMPTY);
    },
    NodeUnpublishVolume(req) {
      const entry = find(req?.volume_id);
      if (!("volume" in entry)) return entry;
      const nv = nodeVolume(entry, node.id);
      if (!nv.targets.delete(req.target_path)) return csiOk(EMPTY); // already unpublished
      if (nv.targets.size === 0) step(entry, "NodeUnpublishVolume");
      return csiOk(EMPTY);
    },
    NodeGetInfo: () =>
      csiOk({
        node_id: node.id,
        max_volumes_per_node: node.maxVolumesPerNode,
        accessible_topology: topology(node.segment),
      }),
    NodeGetCapabilities: () =>
      csiOk({
        capabilities: profile.stage ? [{ rpc: { type: "STAGE_UNSTAGE_VOLUME" as const } }] : [],
      }),
  };
}
