/**
 * `cni`: the Container Network Interface as a plug-in extension point. A runtime reads a
 * network configuration list, runs each plug-in (an executable in real life, an object here)
 * with CNI_* parameters and the config on stdin, and chains their results. Drivers: loopback,
 * bridge (veth + bridge + delegated IPAM), host-local IPAM (checked against the real binary),
 * portmap.
 *
 * Read in this order: errors, results, the configuration format, the simulated node, the
 * plug-in interface, the execution protocol, the drivers and registry, the runtime.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CniRuntime } from "./mod.ts";
 * const runtime = new CniRuntime();
 * runtime.host.createNetns("/run/netns/p1");
 * const list = { cniVersion: "1.1.0", name: "pods", plugins: [{ type: "loopback" }] };
 * assert.ok(runtime.add(list, { containerId: "p1", netns: "/run/netns/p1", ifName: "lo" }).ok);
 * ```
 *
 * @module
 */

// 1. Error objects and the spec's well-known codes.
export * from "./errors.ts";
// 2. The ADD result: interfaces, ips, routes, dns.
export * from "./result.ts";
// 3. Network configuration lists (SPEC.md §1) as zod schemas; version negotiation.
export * from "./config.ts";
// 4. A simulated node: namespaces, interfaces, routes, NAT rules, files.
export * from "./host.ts";
// 5. The plug-in interface, invocation parameters and outcomes.
export * from "./plugin.ts";
// 6. The execution protocol: env + stdin in, stdout + exit code out (libcni skel).
export * from "./exec.ts";
// 7. Drivers and the registry table.
export * from "./plugins/mod.ts";
// 8. The runtime: ADD in order, DEL in reverse, CHECK, GC, result cache, trace.
export * from "./runtime.ts";
// 9. Pod churn: seeded ADD/DEL sequences as tidy rows, for allocation charts.
export * from "./churn.ts";
