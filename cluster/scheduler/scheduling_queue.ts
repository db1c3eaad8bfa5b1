/**
 * The scheduling queue with retries, after `pkg/scheduler/backend/queue/scheduling_queue.go`
 * (`PriorityQueue`), run in simulated time (integer ns, `Simulation` from src/sim).
 *
 * ```
 *   activeQ ──pop (PrioritySort: higher priority, then earlier timestamp)──▶ scheduleOne
 *      ▲                                                 │ bound → done
 *      │ backoff expired                                 │ failed: attempts += 1, timestamp = now
 *   backoffQ ◀── a cluster event arrived during the ─────┤
 *      ▲         pod's cycle (moveRequestCycle ≥ cycle)  ▼
 *      └──── cluster event (pod deleted, node added) ── unschedulablePods
 *            (or stuck there > 5 min: flushUnschedulablePodsLeftover)
 *
 *   backoff(attempts) = min(1 s × 2^(attempts−1), 10 s)        (calculateBackoffDuration:
 *                       podInitialBackoffSeconds 1, podMaxBackoffSeconds 10, doubling)
 *   a moved pod goes to activeQ if timestamp + backoff(attempts) ≤ now, else to backoffQ
 * ```
 *
 * Simplifications (stated): one cluster event moves every unschedulable pod (no
 * QueueingHints); backoffQ is emptied exactly at expiry (upstream polls every 1 s) and the
 * leftover flush fires exactly 5 min after a pod parks (upstream checks every 30 s); evicted
 * pods come back as new pending pods at once (as a ReplicaSet would recreate them).
 *
 * @module
 */

import { type Node, type Pod } from "@cluster/api/mod.ts";
import { parseOptions, z } from "@src/options/mod.ts";
import { MILLISECOND, MINUTE, SECOND, Simulation } from "@src/sim/mod.ts";
import type { Scheduler } from "./schedule_one.ts";

/**
 * scheduling_queue.go `DefaultPodInitialBackoffDuration` (1 s).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { POD_INITIAL_BACKOFF } from "./scheduling_queue.ts";
 * assert.equal(POD_INITIAL_BACKOFF, 1e9);
 * ```
 */
export const POD_INITIAL_BACKOFF = 1 * SECOND;
/**
 * scheduling_queue.go `DefaultPodMaxBackoffDuration` (10 s).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { POD_MAX_BACKOFF } from "./scheduling_queue.ts";
 * assert.equal(POD_MAX_BACKOFF, 10e9);
 * ```
 */
export const POD_MAX_BACKOFF = 10 * SECOND;
/**
 * scheduling_queue.go `DefaultPodMaxInUnschedulablePodsDuration` (5 min).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { POD_MAX_IN_UNSCHEDULABLE } from "./scheduling_queue.ts";
 * assert.equal(POD_MAX_IN_UNSCHEDULABLE, 300e9);
 * ```
 */
export const POD_MAX_IN_UNSCHEDULABLE = 5 * MINUTE;

/**
 * The backoff after `attempts` failed attempts (`calculateBackoffDuration`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { backoffDuration } from "./scheduling_queue.ts";
 * assert.deepEqual([1, 2, 3, 4, 5, 6].map((a) => backoffDuration(a) / 1e9), [1, 2, 4, 8, 10, 10]);
 * ```
 */
export function backoffDuration(
  attempts: number,
  initial = POD_INITIAL_BACKOFF,
  max = POD_MAX_BACKOFF,
): number {
  let duration = initial;
  for (let i = 1; i < attempts; i++) {
    if (duration > max - duration) return max; // doubling would pass the maximum
    duration += duration;
  }
  return duration;
}

/**
 * Input to the queue: a pod arrives, a pod is deleted, a node joins.
 *
 * @example
 * ```ts
 * import { makePod } from "@cluster/api/mod.ts";
 * import type { QueueInput } from "./scheduling_queue.ts";
 * const input: QueueInput = { at: 0, kind: "arrive", pod: makePod("web") };
 * ```
 */
export type QueueInput =
  | { readonly at: number; readonly kind: "arrive"; readonly pod: Pod }
  | {
    readonly at: number;
    readonly kind: "deletePod";
    readonly name: string;
    readonly namespace?: string;
  }
  | { readonly at: number; readonly kind: "addNode"; readonly node: Node };

/**
 * One thing that happened to a pod, at simulated time `t` (ns).
 *
 * ```
 *   event: arrive | attempt | bound | nominated | evicted | backoff | unschedulable | activate
 * ```
 *
 * @example
 * ```ts
 * import type { QueueRow } from "./scheduling_queue.ts";
 * const row: QueueRow = { t: 0, pod: "web", priority: 0, event: "bound", attempts: 1, node: "n1", backoff: 0, message: "" };
 * ```
 */
export interface QueueRow {
  readonly t: number;
  readonly pod: string;
  readonly priority: number;
  readonly event: string;
  /** Failed attempts so far. */
  readonly attempts: number;
  readonly node: string | null;
  /** For "backoff" rows: the backoff duration (ns). */
  readonly backoff: number;
  readonly message: string;
}

const Options = z.object({
  cycle: z.number().int().min(0).default(10 * MILLISECOND),
  until: z.number().int().min(0).optional(),
  recreateEvicted: z.boolean().default(true),
}).strict();

/**
 * Options of {@link runSchedulingQueue}.
 *
 * @example
 * ```ts
 * import type { SchedulingQueueOptions } from "./scheduling_queue.ts";
 * const options: SchedulingQueueOptions = { cycle: 5_000_000 };
 * ```
 */
export interface SchedulingQueueOptions {
  /** Simulated duration of one scheduling cycle (ns). @default 10 ms */
  cycle?: number;
  /** Stop at this time (ns). @default last input + 60 s */
  until?: number;
  /** Evicted pods come back as pending pods. @default true */
  recreateEvicted?: boolean;
}

interface Entry {
  pod: Pod;
  attempts: number;
  timestamp: number;
  seq: number;
  cycle: number;
  where: "active" | "backoff" | "unschedulable" | "done";
}

/**
 * Run the queue over the inputs; one row per pod event, in time order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { Scheduler } from "./schedule_one.ts";
 * import { runSchedulingQueue } from "./scheduling_queue.ts";
 * const scheduler = new Scheduler([makeNode("n1", { cpu: "1", memory: "1Gi" })], { seed: 1 });
 * const rows = runSchedulingQueue(scheduler, [
 *   { at: 0, kind: "arrive", pod: makePod("a", { cpu: "1" }) },
 *   { at: 0, kind: "arrive", pod: makePod("b", { cpu: "1" }) },
 *   { at: 20e9, kind: "deletePod", name: "a" },
 * ]);
 * const bound = rows.filter((r) => r.event === "bound").map((r) => [r.pod, r.t / 1e9]);
 * assert.deepEqual(bound, [["a", 0], ["b", 20]]);
 * ```
 */
export function runSchedulingQueue(
  scheduler: Scheduler,
  inputs: readonly QueueInput[],
  options: SchedulingQueueOptions = {},
): QueueRow[] {
  const parsed = parseOptions(Options, options, "run the scheduling queue");
  const sim = new Simulation();
  const rows: QueueRow[] = [];
  const entries = new Map<string, Entry>();
  let seq = 0;
  let schedulingCycle = 0;
  let moveRequestCycle = -1;
  let busy = false;
  let kicked = false;
  // Start a cycle after every event of this instant has been queued (same-time arrivals
  // compete in PrioritySort order).
  const kick = () => {
    if (busy || kicked) return;
    kicked = true;
    sim.schedule(0, () => {
      kicked = false;
      dispatch();
    });
  };
  const key = (p: { name: string; namespace?: string }) => `${p.namespace ?? "default"}/${p.name}`;
  const log = (e: Entry, event: string, fields: Partial<QueueRow> = {}) =>
    rows.push({
      t: sim.now,
      pod: e.pod.name,
      priority: e.pod.priority,
      event,
      attempts: e.attempts,
      node: null,
      backoff: 0,
      message: "",
      ...fields,
    });

  const activate = (e: Entry) => {
    e.where = "active";
    log(e, "activate");
    kick();
  };
  const toBackoff = (e: Entry) => {
    const backoff = backoffDuration(e.attempts);
    const expiry = e.timestamp + backoff;
    if (expiry <= sim.now) return activate(e);
    e.where = "backoff";
    log(e, "backoff", { backoff });
    sim.at(expiry, () => {
      if (e.where === "backoff") activate(e); // flushBackoffQCompleted
    });
  };
  // moveAllToActiveOrBackoffQueue, on any cluster event.
  const clusterEvent = () => {
    moveRequestCycle = schedulingCycle;
    for (const e of entries.values()) if (e.where === "unschedulable") toBackoff(e);
  };
  const add = (pod: Pod) => {
    const e: Entry = {
      pod,
      attempts: 0,
      timestamp: sim.now,
      seq: seq++,
      cycle: 0,
      where: "active",
    };
    entries.set(key(pod), e);
    log(e, "arrive");
    kick();
  };
  // PrioritySort Less: higher priority, then earlier timestamp (then arrival).
  const popBest = (): Entry | undefined => {
    let best: Entry | undefined;
    for (const e of entries.values()) {
      if (e.where !== "active") continue;
      if (
        !best || e.pod.priority > best.pod.priority ||
        (e.pod.priority === best.pod.priority &&
          (e.timestamp < best.timestamp || (e.timestamp === best.timestamp && e.seq < best.seq)))
      ) best = e;
    }
    return best;
  };
  function dispatch(): void {
    if (busy) return;
    const e = popBest();
    if (!e) return;
    busy = true;
    e.cycle = ++schedulingCycle;
    scheduler.now = sim.now;
    const result = scheduler.scheduleOne(e.pod);
    if (result.node !== null) {
      e.where = "done";
      log(e, "bound", { node: result.node });
    } else {
      e.attempts++;
      e.timestamp = sim.now;
      log(e, "attempt", { message: result.message ?? "" });
      if (result.nominatedNode) {
        log(e, "nominated", {
          node: result.nominatedNode,
          message: `victims: ${result.victims!.join(", ")}`,
        });
        for (const name of result.victims!) {
          const victim = entries.get(key({ name, namespace: e.pod.namespace }));
          if (victim) {
            log(victim, "evicted", { message: `preempted by ${e.pod.name}` });
            victim.where = "done";
            if (parsed.recreateEvicted) {
              const { nodeName: _node, startTime: _start, ...pending } = victim.pod;
              entries.delete(key(victim.pod));
              add(pending as Pod);
            }
          }
        }
        clusterEvent(); // AssignedPodDelete
      }
      if (moveRequestCycle >= e.cycle) toBackoff(e);
      else {
        e.where = "unschedulable";
        log(e, "unschedulable");
        const parkedAt = e.timestamp;
        sim.schedule(POD_MAX_IN_UNSCHEDULABLE, () => {
          if (e.where === "unschedulable" && e.timestamp === parkedAt) toBackoff(e);
        });
      }
    }
    sim.schedule(parsed.cycle, () => {
      busy = false;
      dispatch();
    });
  }

  let last = 0;
  for (const input of inputs) {
    last = Math.max(last, input.at);
    sim.at(input.at, () => {
      if (input.kind === "arrive") add(input.pod);
      else if (input.kind === "deletePod") {
        scheduler.deletePod({ name: input.name, namespace: input.namespace ?? "default" });
        const e = entries.get(key(input));
        if (e) {
          log(e, "deleted");
          e.where = "done";
        }
        clusterEvent();
      } else {
        scheduler.addNode(input.node);
        clusterEvent();
      }
    });
  }
  sim.run({ until: parsed.until ?? last + 60 * SECOND });
  return rows;
}
