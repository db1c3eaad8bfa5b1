// Test helpers mirroring upstream's st.MakePod()/st.MakeNode() wrappers
// (pkg/scheduler/testing/wrappers.go), so upstream test tables can be ported as written:
// every Req(...) is one container; a pod without Req has no containers at all.
import { makeNode, makePod, type Node, type Pod } from "@cluster/api/mod.ts";
import { CycleState, Snapshot } from "@cluster/framework/mod.ts";
import type { AnyPlugin } from "@cluster/framework/mod.ts";

/** st.MakePod().Req(r₁).Req(r₂)….Node(name).Obj() */
export function upstreamPod(
  requests: Record<string, string>[],
  nodeName?: string,
  name = "p",
): Pod {
  const base = makePod(name, nodeName === undefined ? {} : { nodeName });
  return {
    ...base,
    containers: requests.map((r, i) => ({
      name: `c${i}`,
      image: "",
      resources: {
        requests: makePod("x", {
          ...(r.cpu === undefined ? {} : { cpu: r.cpu }),
          ...(r.memory === undefined ? {} : { memory: r.memory }),
          extended: Object.fromEntries(
            Object.entries(r).filter(([k]) => k !== "cpu" && k !== "memory"),
          ),
        }).containers[0].resources.requests,
        limits: {},
      },
      ports: [],
    })),
  };
}

/** st.MakeNode().Name(name).Capacity({cpu, memory, …}).Obj() */
export function upstreamNode(name: string, capacity: Record<string, string>): Node {
  const { cpu = "0", memory = "0", ...extended } = capacity;
  return makeNode(name, { cpu, memory, extended });
}

/** Run PreScore (if any) and Score on every node, as the upstream tests do. */
export function scoresOf(
  plugin: AnyPlugin,
  pod: Pod,
  nodes: Node[],
  existing: Pod[] = [],
): number[] {
  const snapshot = new Snapshot(nodes, existing);
  const state = new CycleState();
  plugin.preScore?.(state, pod, snapshot.nodes, { snapshot });
  return snapshot.nodes.map((n) => plugin.score!(state, pod, n, { snapshot }));
}
