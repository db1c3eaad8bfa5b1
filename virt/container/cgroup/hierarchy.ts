/**
 * The cgroup v2 hierarchy: one tree of cgroups, processes as members, controllers handed
 * down from parent to child. Reading and writing interface files goes through `read` and
 * `write`, with the kernel's errors (Documentation/admin-guide/cgroup-v2.rst).
 *
 * ```
 *   /                  cgroup.controllers = cpuset cpu io memory pids
 *   │                  cgroup.subtree_control = cpu memory      ← "+cpu +memory"
 *   ├── web            cgroup.controllers = cpu memory          (what the parent enabled)
 *   │   ├── a          cpu.max, cpu.weight, memory.max … exist here
 *   │   └── b
 *   └── batch
 * ```
 *
 * Rules kept: a controller is available in a child only if its parent lists it in
 * cgroup.subtree_control ("Enabling and Disabling"); enabling needs it available (ENOENT);
 * a controller cannot be disabled while a child enables it (EBUSY); "no internal process
 * constraint": a non-root cgroup cannot both hold processes and enable controllers for its
 * children (EBUSY); rmdir needs no processes and no children (EBUSY). A process is in
 * exactly one cgroup; writing its pid to cgroup.procs moves it.
 *
 * @module
 */

import { parseOptions, z } from "@src/options/mod.ts";
import { formatCpuMax, formatFlatKeyed, formatLimit } from "./interface_files.ts";
import { KNOWN_CONTROLLERS, ROOT_CONTROLLERS } from "./params.ts";
import { FILES, readSetting, writeSetting } from "./_controller_files.ts";
import {
  allCgroups,
  applySubtreeControl,
  availableControllers,
  type Cgroup,
  CgroupError,
  makeCgroup,
} from "./_nodes.ts";

export { CgroupError } from "./_nodes.ts";

const lines = (names: string[]) => names.length ? `${names.join(" ")}\n` : "";

/**
 * One cgroup as rows for a table: path, controllers, subtree_control, processes, limits.
 *
 * @example
 * ```ts
 * import type { CgroupRow } from "./hierarchy.ts";
 * type Path = CgroupRow["path"]; // "/web/a"
 * ```
 */
export interface CgroupRow {
  /** Path from the root, "/" for the root. */
  readonly path: string;
  /** cgroup.controllers. */
  readonly controllers: string;
  /** cgroup.subtree_control. */
  readonly subtreeControl: string;
  /** cgroup.procs. */
  readonly procs: string;
  /** cpu.max, or "" where the cpu controller is not enabled. */
  readonly cpuMax: string;
  /** cpu.weight, or "". */
  readonly cpuWeight: string;
  /** memory.max, or "". */
  readonly memoryMax: string;
}

/**
 * A cgroup v2 hierarchy.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CgroupTree } from "./hierarchy.ts";
 * const tree = new CgroupTree();
 * tree.write("/", "cgroup.subtree_control", "+cpu +memory");
 * tree.mkdir("/web");
 * tree.write("/web", "cpu.max", "50000 100000");
 * assert.equal(tree.read("/web", "cpu.max"), "50000 100000\n");
 * assert.equal(tree.read("/web", "cgroup.controllers"), "cpu memory\n");
 * ```
 */
export class CgroupTree {
  readonly #root: Cgroup;
  readonly #controllers: readonly string[];
  readonly #known: readonly string[];

  /**
   * A hierarchy whose root offers `controllers` (default: cpuset cpu io memory pids).
   * Names in KNOWN_CONTROLLERS that the root lacks give ENOENT; other names EINVAL.
   */
  constructor(options: { controllers?: readonly string[] } = {}) {
    const o = parseOptions(
      z.object({ controllers: z.array(z.string()).optional() }).strict(),
      options,
      "create a cgroup tree",
    );
    this.#controllers = o.controllers ?? ROOT_CONTROLLERS;
    this.#known = [...new Set([...KNOWN_CONTROLLERS, ...this.#controllers])];
    this.#root = makeCgroup("/", null);
  }

  #find(path: string): Cgroup {
    if (typeof path !== "string" || !path.startsWith("/")) {
      throw new TypeError(`A cgroup path must start with "/", got ${JSON.stringify(path)}`);
    }
    let node = this.#root;
    for (const part of path.split("/").filter((p) => p !== "")) {
      const next = node.children.get(part);
      if (!next) {
        throw new CgroupError(
          "ENOENT",
          `No cgroup ${path}: ${node.path} has children [${
            [...node.children.keys()].join(", ")
          }]; ` +
            "mkdir it first",
        );
      }
      node = next;
    }
    return node;
  }

  /** Controllers available in a cgroup: all at the root, else the parent's subtree_control. */
  #available(node: Cgroup): string[] {
    return availableControllers(node, this.#controllers);
  }

  /**
   * mkdir a cgroup; its parent must exist.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { CgroupTree } from "./hierarchy.ts";
   * const tree = new CgroupTree();
   * tree.mkdir("/a");
   * assert.throws(() => tree.mkdir("/a"), /EEXIST/);
   * ```
   */
  mkdir(path: string): void {
    const cut = path.replace(/\/+$/, "").lastIndexOf("/");
    const parent = this.#find(path.slice(0, cut) || "/");
    const name = path.replace(/\/+$/, "").slice(cut + 1);
    if (
      !/^[^/\s]+$/.test(name) || name.includes(".") && /^(cgroup|cpu|memory|pids|io)\./.test(name)
    ) {
      throw new CgroupError(
        "EINVAL",
        `Cannot mkdir ${JSON.stringify(path)}: bad name; use e.g. "/web"`,
      );
    }
    if (parent.children.has(name)) {
      throw new CgroupError("EEXIST", `Cannot mkdir ${path}: it exists; pick another name`);
    }
    parent.children.set(
      name,
      makeCgroup(parent.parent ? `${parent.path}/${name}` : `/${name}`, parent),
    );
  }

  /**
   * rmdir an empty cgroup (no processes, no children).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { CgroupTree } from "./hierarchy.ts";
   * const tree = new CgroupTree();
   * tree.mkdir("/a");
   * tree.attach("/a", 42);
   * assert.throws(() => tree.rmdir("/a"), /EBUSY/);
   * ```
   */
  rmdir(path: string): void {
    const node = this.#find(path);
    if (!node.parent) throw new CgroupError("EBUSY", "Cannot rmdir the root cgroup");
    if (node.procs.size > 0 || node.children.size > 0) {
      throw new CgroupError(
        "EBUSY",
        `Cannot rmdir ${path}: it has ${node.procs.size} processes and ${node.children.size} ` +
          "children; move the processes out and remove the children first",
      );
    }
    node.parent.children.delete(path.split("/").filter((p) => p !== "").at(-1)!);
  }

  /**
   * Write `pid` to `<path>/cgroup.procs`: move the process there.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { CgroupTree } from "./hierarchy.ts";
   * const tree = new CgroupTree();
   * tree.mkdir("/a");
   * tree.attach("/a", 7);
   * assert.equal(tree.cgroupOf(7), "/a");
   * ```
   */
  attach(path: string, pid: number): void {
    const node = this.#find(path);
    if (typeof pid !== "number" || !Number.isInteger(pid) || pid < 1) {
      throw new CgroupError(
        "EINVAL",
        `Cannot move pid ${JSON.stringify(pid)} into ${node.path}: a pid is a whole number ≥ 1; ` +
          "pass the host pid, e.g. 101",
      );
    }
    if (node.parent && node.subtreeControl.size > 0) {
      throw new CgroupError(
        "EBUSY",
        `Cannot move pid ${pid} into ${path}: it enables [${[...node.subtreeControl].join(" ")}] ` +
          "for its children (no internal process constraint); put the process in a leaf cgroup",
      );
    }
    for (const other of this.#all()) other.procs.delete(pid);
    node.procs.add(pid);
  }

  /**
   * A process exits: it leaves its cgroup (no-op if it was in none).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { CgroupTree } from "./hierarchy.ts";
   * const tree = new CgroupTree();
   * tree.mkdir("/a");
   * tree.attach("/a", 7);
   * tree.detach(7);
   * tree.rmdir("/a");
   * assert.equal(tree.read("/", "cgroup.procs"), "");
   * ```
   */
  detach(pid: number): void {
    for (const node of this.#all()) node.procs.delete(pid);
  }

  /**
   * The cgroup holding `pid` (/proc/<pid>/cgroup shows "0::<path>"); "/" if never moved.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { CgroupTree } from "./hierarchy.ts";
   * assert.equal(new CgroupTree().cgroupOf(1), "/");
   * ```
   */
  cgroupOf(pid: number): string {
    return this.#all().find((node) => node.procs.has(pid))?.path ?? "/";
  }

  #all(): Cgroup[] {
    return allCgroups(this.#root);
  }

  /**
   * Write an interface file. Controller files exist only where the controller is enabled
   * by the parent (ENOENT otherwise), and never in the root.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { CgroupTree } from "./hierarchy.ts";
   * const tree = new CgroupTree();
   * tree.mkdir("/a");
   * assert.throws(() => tree.write("/a", "cpu.max", "50000"), /No file cpu.max in \/a/);
   * ```
   */
  write(path: string, file: string, text: string): void {
    const node = this.#find(path);
    this.#check(node, file);
    try {
      this.#write(node, path, file, text);
    } catch (error) {
      if (error instanceof CgroupError || !(error instanceof Error)) throw error;
      // the parsers' SyntaxError/RangeError are what the kernel reports as EINVAL/ERANGE
      throw new CgroupError(/\(ERANGE\)/.test(error.message) ? "ERANGE" : "EINVAL", error.message);
    }
  }

  #write(node: Cgroup, path: string, file: string, text: string): void {
    switch (file) {
      case "cgroup.subtree_control":
        return applySubtreeControl(node, text, this.#controllers, this.#known);
      case "cgroup.procs":
        // one pid per write, as digits (cgroup_procs_write → kstrtoint)
        return this.attach(
          path,
          /^\d+$/.test(String(text).trim()) ? Number(String(text).trim()) : (text as never),
        );
      case "cgroup.controllers":
        throw new CgroupError("EACCES", "cgroup.controllers is read-only; write subtree_control");
      default:
        writeSetting(node.settings, file, text);
    }
  }

  #check(node: Cgroup, file: string): void {
    if (!(file in FILES)) {
      throw new CgroupError(
        "ENOENT",
        `No interface file ${JSON.stringify(file)}; the model has ${Object.keys(FILES).join(", ")}`,
      );
    }
    const controller = FILES[file];
    if (controller && (!node.parent || !this.#available(node).includes(controller))) {
      throw new CgroupError(
        "ENOENT",
        `No file ${file} in ${node.path}: the ${controller} controller is not enabled there; ` +
          (node.parent
            ? `write "+${controller}" to ${node.parent.path}'s cgroup.subtree_control`
            : "the root has none"),
      );
    }
  }

  /**
   * Read an interface file as the kernel prints it.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { CgroupTree } from "./hierarchy.ts";
   * const tree = new CgroupTree();
   * tree.write("/", "cgroup.subtree_control", "+memory");
   * tree.mkdir("/a");
   * assert.equal(tree.read("/a", "memory.max"), "max\n");
   * ```
   */
  read(path: string, file: string): string {
    const node = this.#find(path);
    this.#check(node, file);
    switch (file) {
      // cgroup_print_ss_mask (kernel/cgroup/cgroup.c): the newline only if a name was printed
      case "cgroup.controllers":
        return lines(this.#available(node));
      case "cgroup.subtree_control":
        return lines(this.#controllers.filter((c) => node.subtreeControl.has(c)));
      case "cgroup.procs":
        return [...node.procs].sort((a, b) => a - b).map((pid) => `${pid}\n`).join("");
      default:
        return readSetting(node.settings, file);
    }
  }

  /**
   * Every cgroup, parents before children, with its settings (for `table(rows)`).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { CgroupTree } from "./hierarchy.ts";
   * assert.deepEqual(new CgroupTree().rows().map((r) => r.path), ["/"]);
   * ```
   */
  rows(): CgroupRow[] {
    return this.#all().map((node) => {
      const has = (c: string) => node.parent !== null && this.#available(node).includes(c);
      return {
        path: node.path,
        controllers: this.#available(node).join(" "),
        subtreeControl: this.#controllers.filter((c) => node.subtreeControl.has(c)).join(" "),
        procs: [...node.procs].join(" "),
        cpuMax: has("cpu") ? formatCpuMax(node.settings.cpuMax).trim() : "",
        cpuWeight: has("cpu") ? String(node.settings.cpuWeight) : "",
        memoryMax: has("memory") ? formatLimit(node.settings.memory.max).trim() : "",
      };
    });
  }

  /**
   * The cpu settings of every cgroup where the cpu controller is enabled, in the shape
   * `simulateBandwidth` takes (`groups`).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { CgroupTree } from "./hierarchy.ts";
   * const tree = new CgroupTree();
   * tree.write("/", "cgroup.subtree_control", "+cpu");
   * tree.mkdir("/a");
   * tree.write("/a", "cpu.max", "20000 100000");
   * assert.deepEqual(tree.cpuGroups(), [{ path: "/a", cpuMax: "20000 100000", cpuWeight: 100, burstUs: 0 }]);
   * ```
   */
  cpuGroups(): { path: string; cpuMax: string; cpuWeight: number; burstUs: number }[] {
    return this.#all()
      .filter((node) => node.parent && this.#available(node).includes("cpu"))
      .map((node) => ({
        path: node.path,
        cpuMax: formatCpuMax(node.settings.cpuMax).trim(),
        cpuWeight: node.settings.cpuWeight,
        burstUs: node.settings.cpuMaxBurstUs,
      }));
  }

  /**
   * cgroup.stat-like counts, as text.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { CgroupTree } from "./hierarchy.ts";
   * assert.equal(new CgroupTree().stat("/"), "nr_descendants 0\n");
   * ```
   */
  stat(path: string): string {
    const count = (node: Cgroup): number =>
      [...node.children.values()].reduce((sum, c) => sum + 1 + count(c), 0);
    return formatFlatKeyed({ nr_descendants: count(this.#find(path)) });
  }
}
