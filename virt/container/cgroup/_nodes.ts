// The nodes of the cgroup v2 tree and the rules on cgroup.subtree_control (private to
// cgroup/; hierarchy.ts builds CgroupTree on these and re-exports CgroupError).
//
//   Cgroup { path, parent, children: name → Cgroup, subtreeControl, procs, settings }
//   available(node)  = every root controller at "/", else parent.subtreeControl
//
// Rules (Documentation/admin-guide/cgroup-v2.rst "Enabling and Disabling", "No Internal
// Process Constraint"; kernel/cgroup/cgroup.c cgroup_subtree_control_write): "+c" needs c
// in the cgroup's own cgroup.controllers (ENOENT); an unknown name is EINVAL; a non-root
// cgroup holding processes cannot enable controllers (EBUSY); "-c" is refused while a
// child still enables c for its own children (EBUSY). A later token for the same
// controller wins.

import { parseSubtreeControl } from "./interface_files.ts";
import { type ControllerSettings, defaultSettings } from "./_controller_files.ts";

/**
 * An error with the errno the kernel returns for the same write.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CgroupError } from "./hierarchy.ts";
 * const error = new CgroupError("EBUSY", "busy");
 * assert.equal(error.errno, "EBUSY");
 * ```
 */
export class CgroupError extends RangeError {
  /** The kernel's errno name: EINVAL, ENOENT, EBUSY, EEXIST, ERANGE. */
  readonly errno: string;
  /** Make an error; the message says what failed and the fix. */
  constructor(errno: string, message: string) {
    super(message.includes(`(${errno})`) ? message : `${message} (${errno})`);
    this.name = "CgroupError";
    this.errno = errno;
  }
}

/** One cgroup directory. */
export interface Cgroup {
  readonly path: string;
  readonly parent: Cgroup | null;
  readonly children: Map<string, Cgroup>;
  readonly subtreeControl: Set<string>;
  readonly procs: Set<number>;
  readonly settings: ControllerSettings;
}

/** A new, empty cgroup with default settings. */
export function makeCgroup(path: string, parent: Cgroup | null): Cgroup {
  return {
    path,
    parent,
    children: new Map(),
    subtreeControl: new Set(),
    procs: new Set(),
    settings: defaultSettings(),
  };
}

/** Controllers available in a cgroup: all at the root, else the parent's subtree_control. */
export function availableControllers(node: Cgroup, controllers: readonly string[]): string[] {
  const set = node.parent ? node.parent.subtreeControl : new Set(controllers);
  return controllers.filter((c) => set.has(c));
}

/** Every cgroup below and including `root`, parents before children. */
export function allCgroups(root: Cgroup): Cgroup[] {
  const out: Cgroup[] = [];
  const walk = (node: Cgroup) => {
    out.push(node);
    for (const child of node.children.values()) walk(child);
  };
  walk(root);
  return out;
}

/**
 * A write to `<node>/cgroup.subtree_control`: check every token, then apply all of them
 * (the kernel applies a write whole or not at all).
 */
export function applySubtreeControl(
  node: Cgroup,
  text: string,
  controllers: readonly string[],
  known: readonly string[],
): void {
  const changes = parseSubtreeControl(text);
  const enable = new Set<string>();
  const disable = new Set<string>();
  for (const { enable: on, controller } of changes) {
    if (!known.includes(controller)) {
      throw new CgroupError(
        "EINVAL",
        `Cannot write cgroup.subtree_control of ${node.path}: unknown controller ` +
          `${JSON.stringify(controller)}; known: ${controllers.join(" ")}`,
      );
    }
    (on ? enable : disable).add(controller);
    (on ? disable : enable).delete(controller); // the later token wins
  }
  const available = availableControllers(node, controllers);
  for (const controller of enable) {
    if (!available.includes(controller)) {
      throw new CgroupError(
        "ENOENT",
        `Cannot enable ${controller} in ${node.path}: not in its cgroup.controllers ` +
          `[${available.join(" ")}]; enable it in the parent's subtree_control first`,
      );
    }
  }
  if (enable.size > 0 && node.parent && node.procs.size > 0) {
    throw new CgroupError(
      "EBUSY",
      `Cannot enable controllers in ${node.path}: it holds processes ` +
        `[${[...node.procs].join(", ")}] (no internal process constraint); move them to a child`,
    );
  }
  for (const controller of disable) {
    const user = [...node.children.values()].find((c) => c.subtreeControl.has(controller));
    if (user) {
      throw new CgroupError(
        "EBUSY",
        `Cannot disable ${controller} in ${node.path}: child ${user.path} enables it for its ` +
          "children; disable it there first",
      );
    }
  }
  for (const controller of enable) node.subtreeControl.add(controller);
  for (const controller of disable) node.subtreeControl.delete(controller);
}
