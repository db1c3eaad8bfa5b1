// What `create` builds for a container, as runc does it (private to runtime/):
//
//   config.linux.namespaces  ──► clone the container's init from the runtime process with the
//                               new namespaces; entries with a path ("/proc/<pid>/ns/net") are
//                               joined with setns first (runtime-spec config-linux.md "Namespaces")
//   uidMappings/gidMappings  ──► uid_map/gid_map lines "containerID hostID size"
//   hostname                 ──► sethostname; needs a new uts namespace (config.md "Hostname")
//   resources, cgroupsPath   ──► mkdir the cgroup (default "/<id>"), enable the needed controllers
//                               on the way down, write the files (resources.ts), attach the init

import type { CgroupTree } from "../cgroup/mod.ts";
import type { NamespaceKind, ProcessTable } from "../namespace/mod.ts";
import type { RuntimeConfig } from "./config.ts";
import { resourcesToCgroupWrites } from "./resources.ts";

/** config-linux.md namespace type → /proc/<pid>/ns name. */
const KIND: Record<string, NamespaceKind> = {
  pid: "pid",
  network: "net",
  mount: "mnt",
  ipc: "ipc",
  uts: "uts",
  user: "user",
  cgroup: "cgroup",
  time: "time",
};

/** Clone the container's init with its namespaces, ID maps and hostname. */
export function createNamespaces(
  table: ProcessTable,
  runtimePid: number,
  id: string,
  config: RuntimeConfig,
): { pid: number; summary: string } {
  const linux = config.linux;
  const fresh: NamespaceKind[] = [];
  const joins: { kind: NamespaceKind; target: number }[] = [];
  for (const ns of linux?.namespaces ?? []) {
    const kind = KIND[ns.type];
    if (ns.path === undefined) fresh.push(kind);
    else {
      const match = /^\/proc\/(\d+)\/ns\/([a-z_]+)$/.exec(ns.path);
      if (!match) {
        throw new RangeError(
          `Cannot create ${id}: linux.namespaces path ${JSON.stringify(ns.path)} is ` +
            `not "/proc/<pid>/ns/<kind>"; the model joins namespaces of its own processes only`,
        );
      }
      joins.push({ kind, target: Number(match[1]) });
    }
  }
  if (config.hostname !== undefined && !fresh.includes("uts")) {
    throw new RangeError(
      `Cannot create ${id}: hostname is set without a new uts namespace; ` +
        'add { "type": "uts" } to linux.namespaces (config.md "Hostname")',
    );
  }
  // A helper joins the namespaces given by path, then forks the init with the new ones.
  const helper = joins.length ? table.clone(runtimePid, { name: "runtime-init" }).pid : runtimePid;
  let pid: number;
  try {
    for (const join of joins) table.setns(helper, { target: join.target, namespaces: [join.kind] });
    pid = table.clone(helper, { namespaces: fresh, name: config.process?.args[0] ?? "init" }).pid;
  } finally {
    if (helper !== runtimePid) table.exit(helper);
  }
  const map = (m: { containerID: number; hostID: number; size: number }[]) =>
    m.map((e) => `${e.containerID} ${e.hostID} ${e.size}`).join("\n");
  try {
    if (linux?.uidMappings?.length) table.writeIdMap(pid, "uid", map(linux.uidMappings));
    if (linux?.gidMappings?.length) table.writeIdMap(pid, "gid", map(linux.gidMappings));
    if (config.hostname !== undefined) table.setHostname(pid, config.hostname);
  } catch (error) {
    table.exit(pid);
    throw error;
  }
  const joined = joins.length
    ? `; joined ${joins.map((j) => `${j.kind} of ${j.target}`).join(", ")}`
    : "";
  return { pid, summary: `pid ${pid}: new ${fresh.join(", ") || "none"}${joined}` };
}

/** Make the container's cgroup, write its resources, attach `pid`. */
export function createCgroup(
  cgroups: CgroupTree,
  id: string,
  config: RuntimeConfig,
  pid: number,
): { path: string; writes: string[] } {
  const path = config.linux?.cgroupsPath ?? `/${id}`;
  const writes = resourcesToCgroupWrites(config.linux?.resources);
  const needed = [...new Set(writes.map((w) => w.file.split(".")[0]))];
  let current = "/";
  for (const part of path.split("/").filter((p) => p !== "")) {
    // like runc's fs2 driver: enable the needed controllers on the way down
    for (const controller of needed) {
      if (!cgroups.read(current, "cgroup.subtree_control").split(/\s+/).includes(controller)) {
        cgroups.write(current, "cgroup.subtree_control", `+${controller}`);
      }
    }
    const next = current === "/" ? `/${part}` : `${current}/${part}`;
    if (!cgroups.rows().some((r) => r.path === next)) cgroups.mkdir(next);
    current = next;
  }
  for (const write of writes) {
    try {
      cgroups.write(current, write.file, write.value);
    } catch (error) {
      // name the config.json field the value came from, keep the kernel's errno and class
      const e = error as Error & { errno?: string };
      e.message = `Cannot create ${id}: config.linux.resources gives ${write.file} = ` +
        `${JSON.stringify(write.value)}: ${e.message}`;
      throw e;
    }
  }
  cgroups.attach(current, pid);
  return { path: current, writes: writes.map((w) => `${current}/${w.file} = ${w.value}`) };
}
