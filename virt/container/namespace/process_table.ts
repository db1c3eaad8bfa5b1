/**
 * A process table with namespaces: the part of the kernel that `clone(2)`, `unshare(2)`
 * and `setns(2)` change when a runtime starts a container. Each process points at one
 * namespace of each of the eight kinds; PID and user namespaces nest.
 *
 * ```
 *   root pid ns (level 0)        host pids:  1 init ── 40 runc ── 41 sh
 *    └── child pid ns (level 1)  inside:                          1 sh ── 2 sleep
 *
 *   process 41: pids = [41, 1]   one pid per level, from the root down to its own
 *               (man 7 pid_namespaces: "a process is visible to other processes in its
 *               PID namespace, and to the processes in each direct ancestor PID namespace")
 * ```
 *
 * Rules kept (man 7 pid_namespaces): the first process in a new PID namespace is its
 * pid 1, its "init"; orphans are reparented to the init of the dying parent's namespace;
 * when an init exits, every process in its namespace (and the namespaces below) is killed
 * and no new process may enter. `unshare(CLONE_NEWPID)` moves only the caller's future
 * children (`pid_for_children`). Hostnames live in UTS namespaces; ID maps in user
 * namespaces (see id_map.ts). Processes are named by their pid in the root namespace
 * (the "host pid").
 *
 * Files: this one has the system calls and views; `_process_core.ts` the bookkeeping they
 * share (namespace objects, pid chains, argument checks); `_user_maps.ts` the uid_map /
 * gid_map calls that ProcessTable inherits.
 *
 * Not modelled: credentials and capabilities, namespace ownership by user namespaces,
 * zombies (an exited process is reaped at once), pid reuse.
 *
 * @module
 */

import { type NamespaceKind } from "./kinds.ts";
import { formatNamespaceLink, namespaceInfo } from "./kinds.ts";
import type { NamespaceOptions, ProcessInfo } from "./_process_core.ts";
import { UserMapTable } from "./_user_maps.ts";

export type { NamespaceOptions, ProcessInfo } from "./_process_core.ts";

/**
 * The process table. Start with init (host pid 1), then clone, unshare, setns and exit.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ProcessTable } from "./process_table.ts";
 * const table = new ProcessTable();
 * const shell = table.clone(1, { namespaces: ["pid", "uts"], name: "sh" });
 * assert.equal(table.getpid(shell.pid), 1);       // init of its new namespace
 * assert.equal(shell.pid, 2);                     // but pid 2 seen from the host
 * table.setHostname(shell.pid, "box");
 * assert.equal(table.hostname(1), "host");
 * ```
 */
export class ProcessTable extends UserMapTable {
  /** Create the table with its init process, host pid 1, in the initial namespaces. */
  constructor(options: { hostname?: string; initName?: string } = {}) {
    super(options);
  }

  /**
   * clone(2): a child of `parent` (host pid) sharing its namespaces except the new ones.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * const table = new ProcessTable();
   * const child = table.clone(1, { flags: 0x40000000 }); // CLONE_NEWNET
   * assert.notEqual(child.namespaces.net, table.info(1).namespaces.net);
   * assert.equal(child.namespaces.uts, table.info(1).namespaces.uts);
   * ```
   */
  clone(parent: number, options: NamespaceOptions = {}): ProcessInfo {
    const caller = this.get(parent, "parent process");
    const { kinds, name } = this.kinds(options, `clone from pid ${parent}`);
    const { namespaces, pidNamespace } = this.fresh(
      caller.namespaces,
      caller.pidForChildren,
      kinds,
    );
    return this.describe(this.add(name, parent, namespaces, pidNamespace));
  }

  /**
   * unshare(2): move `pid` into new namespaces; for "pid" only its future children move.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * const table = new ProcessTable();
   * const shell = table.clone(1, { name: "sh" });
   * table.unshare(shell.pid, { namespaces: ["pid"] });
   * assert.equal(table.getpid(shell.pid), 2);                   // the caller stays
   * assert.equal(table.getpid(table.clone(shell.pid).pid), 1);  // its first child is init
   * ```
   */
  unshare(pid: number, options: NamespaceOptions = {}): ProcessInfo {
    const process = this.get(pid);
    const { kinds } = this.kinds(options, `unshare pid ${pid}`);
    const { namespaces, pidNamespace } = this.fresh(
      process.namespaces,
      process.namespaces.pid,
      kinds,
    );
    Object.assign(process.namespaces, { ...namespaces, pid: process.namespaces.pid });
    process.pidForChildren = pidNamespace;
    return this.describe(process);
  }

  /**
   * setns(2): `pid` joins the namespaces of `kinds` that `target` is in. Joining a PID
   * namespace affects only children, and only the caller's own or a descendant PID
   * namespace may be joined (man 2 setns).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * const table = new ProcessTable();
   * const box = table.clone(1, { namespaces: ["net", "uts"] });
   * const debug = table.clone(1, { name: "nsenter" });
   * table.setns(debug.pid, { target: box.pid, namespaces: ["net"] });
   * assert.equal(table.info(debug.pid).namespaces.net, box.namespaces.net);
   * assert.notEqual(table.info(debug.pid).namespaces.uts, box.namespaces.uts);
   * ```
   */
  setns(
    pid: number,
    options: { target: number; namespaces: readonly NamespaceKind[] },
  ): ProcessInfo {
    const process = this.get(pid);
    const { target: targetPid, kinds } = this.setnsOptions(options);
    const target = this.get(targetPid, "target process");
    for (const kind of kinds) {
      if (kind === "pid") {
        const wanted = target.namespaces.pid;
        if (!this.within(wanted, process.namespaces.pid)) {
          throw new RangeError(
            `Cannot setns pid ${pid} into pid:[${wanted.inode}]: it is not the caller's PID ` +
              "namespace or one of its descendants (EINVAL); join from an ancestor namespace",
          );
        }
        process.pidForChildren = wanted;
      } else process.namespaces[kind] = target.namespaces[kind];
    }
    return this.describe(process);
  }

  /**
   * The process exits. Returns the host pids that end: itself, and if it was a namespace's
   * init, every process in that namespace and below (SIGKILL). Orphans go to the init of
   * the dying process's PID namespace.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * const table = new ProcessTable();
   * const init = table.clone(1, { namespaces: ["pid"] });
   * const child = table.clone(init.pid);
   * assert.deepEqual(table.exit(init.pid), [init.pid, child.pid]);
   * assert.deepEqual(table.pids(), [1]);
   * assert.throws(() => table.getpid(child.pid), /No process with host pid 3/);
   * ```
   */
  exit(pid: number): number[] {
    const process = this.get(pid);
    if (pid === 1) {
      throw new RangeError(
        "Cannot exit host pid 1: the kernel panics when init dies; exit another pid",
      );
    }
    const ns = process.namespaces.pid;
    const ended = [pid];
    if (ns.init === pid) {
      ns.alive = false;
      for (const other of this.processes.values()) {
        if (this.within(other.namespaces.pid, ns) && other.pid !== pid) ended.push(other.pid);
      }
    }
    for (const gone of ended) this.processes.delete(gone);
    // orphans go to the init of the dying process's namespace, or of the parent namespace
    const reaper = ns.init === pid ? ns.parent?.init ?? 1 : ns.init!;
    for (const other of this.processes.values()) {
      if (other.parent !== null && ended.includes(other.parent)) other.parent = reaper;
    }
    return ended.sort((a, b) => a - b);
  }

  /**
   * A process's view as `ps` shows it.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * assert.equal(new ProcessTable().info(1).namespaces.pid, "pid:[4026531836]");
   * ```
   */
  info(pid: number): ProcessInfo {
    return this.describe(this.get(pid));
  }

  /**
   * getpid(2) for `pid`: its pid in its own PID namespace.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * assert.equal(new ProcessTable().getpid(1), 1);
   * ```
   */
  getpid(pid: number): number {
    return this.get(pid).pids.at(-1)!;
  }

  /**
   * The pid of `pid` as `viewer` sees it, or undefined when it is not visible
   * (it lives in a namespace that is not the viewer's or below).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * const table = new ProcessTable();
   * const box = table.clone(1, { namespaces: ["pid"] });
   * assert.equal(table.pidIn(box.pid, box.pid), 1);
   * assert.equal(table.pidIn(1, box.pid), undefined); // the host is invisible inside
   * ```
   */
  pidIn(pid: number, viewer: number): number | undefined {
    const own = this.get(viewer, "viewer").namespaces.pid;
    const process = this.get(pid);
    return this.within(process.namespaces.pid, own) ? process.pids[own.level] : undefined;
  }

  /**
   * getppid(2) as the process sees it: 0 when the parent is outside its PID namespace.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * const table = new ProcessTable();
   * assert.equal(table.getppid(table.clone(1, { namespaces: ["pid"] }).pid), 0);
   * ```
   */
  getppid(pid: number): number {
    const parent = this.get(pid).parent;
    return parent === null ? 0 : this.pidIn(parent, pid) ?? 0;
  }

  /**
   * `ps` run by `viewer`: the processes it can see, with their pids in its namespace.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * const table = new ProcessTable();
   * const box = table.clone(1, { namespaces: ["pid"], name: "sh" });
   * table.clone(box.pid, { name: "sleep" });
   * assert.deepEqual(table.ps(box.pid).map((r) => [r.pid, r.name]), [[1, "sh"], [2, "sleep"]]);
   * ```
   */
  ps(viewer: number): { pid: number; ppid: number; name: string; hostPid: number }[] {
    const rows = [];
    for (const process of this.processes.values()) {
      const pid = this.pidIn(process.pid, viewer);
      if (pid === undefined) continue;
      const ppid = process.parent === null ? 0 : this.pidIn(process.parent, viewer) ?? 0;
      rows.push({ pid, ppid, name: process.name, hostPid: process.pid });
    }
    return rows.sort((a, b) => a.pid - b.pid);
  }

  /**
   * readlink /proc/<pid>/ns/<kind>.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * const table = new ProcessTable();
   * assert.equal(table.nsLink(table.clone(1, { namespaces: ["net"] }).pid, "net"), "net:[4026531840]");
   * ```
   */
  nsLink(pid: number, kind: NamespaceKind): string {
    const info = namespaceInfo(kind);
    return formatNamespaceLink(info.kind, this.get(pid).namespaces[info.kind].inode);
  }

  /**
   * uname -n for a process: the hostname of its UTS namespace.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * assert.equal(new ProcessTable({ hostname: "lab" }).hostname(1), "lab");
   * ```
   */
  hostname(pid: number): string {
    return this.get(pid).namespaces.uts.hostname;
  }

  /**
   * sethostname(2): changes the hostname for every process in the same UTS namespace.
   * Names longer than 64 bytes are refused (__NEW_UTS_LEN, include/uapi/linux/utsname.h).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * const table = new ProcessTable();
   * table.setHostname(1, "lab");
   * assert.equal(table.hostname(1), "lab");
   * ```
   */
  setHostname(pid: number, hostname: string): void {
    if (typeof hostname !== "string") {
      throw new TypeError(
        `Cannot set hostname ${JSON.stringify(hostname)}: it is a ${typeof hostname}; ` +
          'pass text, e.g. "box"',
      );
    }
    if (new TextEncoder().encode(hostname).length > 64) {
      throw new RangeError(
        `Cannot set hostname ${JSON.stringify(hostname)}: it must be text of at most 64 bytes ` +
          "(__NEW_UTS_LEN); use a shorter name",
      );
    }
    this.get(pid).namespaces.uts.hostname = hostname;
  }

  /**
   * Host pids of all live processes, ascending.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * assert.deepEqual(new ProcessTable().pids(), [1]);
   * ```
   */
  pids(): number[] {
    return [...this.processes.keys()].sort((a, b) => a - b);
  }
}
