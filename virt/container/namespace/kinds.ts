/**
 * The eight Linux namespace kinds: what each isolates, the `CLONE_NEW*` flag that asks
 * `clone(2)`/`unshare(2)` for a fresh one, the name under `/proc/<pid>/ns/`, and the inode
 * number of the initial namespace. A container is a process whose namespaces differ from
 * the host's; everything else in `virt/container/namespace` is built on this table.
 *
 * ```
 *   kind     flag               value        /proc/<pid>/ns   initial inode
 *   mnt      CLONE_NEWNS        0x00020000   mnt              0xEFFFFFF8 4026531832
 *   cgroup   CLONE_NEWCGROUP    0x02000000   cgroup           0xEFFFFFFB 4026531835
 *   uts      CLONE_NEWUTS       0x04000000   uts              0xEFFFFFFE 4026531838
 *   ipc      CLONE_NEWIPC       0x08000000   ipc              0xEFFFFFFF 4026531839
 *   user     CLONE_NEWUSER      0x10000000   user             0xEFFFFFFD 4026531837
 *   pid      CLONE_NEWPID       0x20000000   pid              0xEFFFFFFC 4026531836
 *   net      CLONE_NEWNET       0x40000000   net              0xEFFFFFF9 4026531833
 *   time     CLONE_NEWTIME      0x00000080   time             0xEFFFFFFA 4026531834
 * ```
 *
 * Flag values: include/uapi/linux/sched.h. Initial inodes: include/linux/proc_ns.h
 * (PROC_*_INIT_INO; net and mnt got fixed numbers in Linux 6.x — on older kernels they are
 * allocated like any other). New namespaces get inodes from the proc inode allocator,
 * which starts at PROC_DYNAMIC_FIRST = 0xF0000000 (fs/proc/generic.c).
 *
 * @module
 */

/**
 * A namespace kind, named as in `/proc/<pid>/ns/`.
 *
 * @example
 * ```ts
 * import type { NamespaceKind } from "./kinds.ts";
 * const kind: NamespaceKind = "net";
 * ```
 */
export type NamespaceKind = "mnt" | "cgroup" | "uts" | "ipc" | "user" | "pid" | "net" | "time";

/**
 * One row of the namespace table.
 *
 * @example
 * ```ts
 * import type { NamespaceInfo } from "./kinds.ts";
 * const row: Pick<NamespaceInfo, "kind" | "flag"> = { kind: "pid", flag: 0x20000000 };
 * ```
 */
export interface NamespaceInfo {
  /** Name under /proc/<pid>/ns/. */
  readonly kind: NamespaceKind;
  /** The clone(2) flag name. */
  readonly flagName: string;
  /** The clone(2) flag value, include/uapi/linux/sched.h. */
  readonly flag: number;
  /** Inode number of the initial namespace, include/linux/proc_ns.h. */
  readonly initialInode: number;
  /** The name in an OCI config.json `linux.namespaces[].type` (config-linux.md). */
  readonly ociType: string;
  /** What the namespace isolates (man 7 namespaces). */
  readonly isolates: string;
}

/**
 * The eight kinds in the order of `man 7 namespaces`' table.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NAMESPACES } from "./kinds.ts";
 * assert.equal(NAMESPACES.length, 8);
 * assert.equal(NAMESPACES.find((n) => n.kind === "net")!.flag, 0x40000000);
 * ```
 */
export const NAMESPACES: readonly NamespaceInfo[] = [
  {
    kind: "cgroup",
    flagName: "CLONE_NEWCGROUP",
    flag: 0x02000000,
    initialInode: 0xEFFFFFFB,
    ociType: "cgroup",
    isolates: "cgroup root directory",
  },
  {
    kind: "ipc",
    flagName: "CLONE_NEWIPC",
    flag: 0x08000000,
    initialInode: 0xEFFFFFFF,
    ociType: "ipc",
    isolates: "System V IPC, POSIX message queues",
  },
  {
    kind: "net",
    flagName: "CLONE_NEWNET",
    flag: 0x40000000,
    initialInode: 0xEFFFFFF9,
    ociType: "network",
    isolates: "network devices, stacks, ports",
  },
  {
    kind: "mnt",
    flagName: "CLONE_NEWNS",
    flag: 0x00020000,
    initialInode: 0xEFFFFFF8,
    ociType: "mount",
    isolates: "mount points",
  },
  {
    kind: "pid",
    flagName: "CLONE_NEWPID",
    flag: 0x20000000,
    initialInode: 0xEFFFFFFC,
    ociType: "pid",
    isolates: "process IDs",
  },
  {
    kind: "time",
    flagName: "CLONE_NEWTIME",
    flag: 0x00000080,
    initialInode: 0xEFFFFFFA,
    ociType: "time",
    isolates: "boot and monotonic clocks",
  },
  {
    kind: "user",
    flagName: "CLONE_NEWUSER",
    flag: 0x10000000,
    initialInode: 0xEFFFFFFD,
    ociType: "user",
    isolates: "user and group IDs",
  },
  {
    kind: "uts",
    flagName: "CLONE_NEWUTS",
    flag: 0x04000000,
    initialInode: 0xEFFFFFFE,
    ociType: "uts",
    isolates: "hostname and NIS domain name",
  },
];

/**
 * First inode number handed to a namespace created after boot (PROC_DYNAMIC_FIRST,
 * fs/proc/generic.c).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PROC_DYNAMIC_FIRST } from "./kinds.ts";
 * assert.equal(PROC_DYNAMIC_FIRST, 4026531840);
 * ```
 */
export const PROC_DYNAMIC_FIRST = 0xF0000000;

/**
 * The table row of a kind; a typo gets the list of kinds.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { namespaceInfo } from "./kinds.ts";
 * assert.equal(namespaceInfo("uts").flagName, "CLONE_NEWUTS");
 * assert.throws(() => namespaceInfo("netw" as never), /Unknown namespace kind "netw"/);
 * ```
 */
export function namespaceInfo(kind: NamespaceKind): NamespaceInfo {
  const info = NAMESPACES.find((n) => n.kind === kind || n.ociType === kind);
  if (!info) {
    throw new RangeError(
      `Unknown namespace kind ${JSON.stringify(kind)}; use one of ${
        NAMESPACES.map((n) => n.kind).join(", ")
      }`,
    );
  }
  return info;
}

/**
 * The kinds whose CLONE_NEW* bits are set in `flags` (other bits are ignored).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { kindsFromFlags } from "./kinds.ts";
 * assert.deepEqual(kindsFromFlags(0x20000000 | 0x40000000), ["net", "pid"]);
 * ```
 */
export function kindsFromFlags(flags: number): NamespaceKind[] {
  return NAMESPACES.filter((n) => (flags & n.flag) !== 0).map((n) => n.kind);
}

/**
 * The CLONE_NEW* bits of a list of kinds, OR-ed together.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { flagsFromKinds } from "./kinds.ts";
 * assert.equal(flagsFromKinds(["user", "pid"]), 0x30000000);
 * ```
 */
export function flagsFromKinds(kinds: readonly NamespaceKind[]): number {
  return kinds.reduce((flags, kind) => (flags | namespaceInfo(kind).flag) >>> 0, 0);
}

/**
 * The `/proc/<pid>/ns/<kind>` link text, e.g. `net:[4026531833]`
 * (fs/nsfs.c ns_get_name: "%s:[%u]").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatNamespaceLink } from "./kinds.ts";
 * assert.equal(formatNamespaceLink("net", 4026531840), "net:[4026531840]");
 * ```
 */
export function formatNamespaceLink(kind: NamespaceKind, inode: number): string {
  return `${namespaceInfo(kind).kind}:[${inode}]`;
}

/**
 * Parse a `/proc/<pid>/ns/<kind>` link text back to kind and inode.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseNamespaceLink } from "./kinds.ts";
 * assert.deepEqual(parseNamespaceLink("pid:[4026531836]"), { kind: "pid", inode: 4026531836 });
 * ```
 */
export function parseNamespaceLink(text: string): { kind: NamespaceKind; inode: number } {
  const match = /^([a-z_]+):\[(\d+)\]$/.exec(text.trim());
  if (!match) {
    throw new SyntaxError(
      `Cannot parse namespace link ${JSON.stringify(text)}; expected "<kind>:[<inode>]", ` +
        `e.g. "net:[4026531833]"`,
    );
  }
  const kind = match[1] === "pid_for_children"
    ? "pid"
    : match[1] === "time_for_children"
    ? "time"
    : match[1];
  return { kind: namespaceInfo(kind as NamespaceKind).kind, inode: Number(match[2]) };
}
