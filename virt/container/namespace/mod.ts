/**
 * `virt/container/namespace`: what a container sees. Namespaces give a process its own
 * view of pids, hostnames, users, mounts and networks; a process table models
 * clone/unshare/setns and the rules of nested PID and user namespaces.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ProcessTable } from "@virt/container/namespace/mod.ts";
 * const table = new ProcessTable();
 * const box = table.clone(1, { namespaces: ["pid"] });
 * assert.deepEqual(table.info(box.pid).pids, [2, 1]);
 * ```
 *
 * @module
 */

// 1. The eight kinds: CLONE_NEW* flags, /proc/<pid>/ns links, initial inode numbers.
export * from "./kinds.ts";
// 2. uid_map/gid_map: parse, validate, format, map IDs in and out.
export * from "./id_map.ts";
// 3. The process table: clone, unshare, setns, exit, pids per namespace, hostnames, ID maps.
export * from "./process_table.ts";
