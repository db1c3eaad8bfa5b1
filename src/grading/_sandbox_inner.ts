/**
 * The sandbox side of a graded kernel (runs inside bubblewrap, see
 * `sandbox.ts`): relays each unix socket of the runtime folder to the same
 * port on the sandbox's own loopback, then runs the StackLab front with the
 * inner kernel started through `kernel-exec` (the seccomp wrapper).
 *
 * Usage: `deno run -A src/grading/_sandbox_inner.ts RUNTIME_DIR`
 *
 * @module
 */

import { runFront } from "../kernel/front.ts";
import { splice } from "./_relay.ts";

const CHANNELS = ["shell", "control", "stdin", "iopub", "hb"] as const;

async function connectWithRetry(port: number, deadline: number): Promise<Deno.Conn> {
  while (true) {
    try {
      return await Deno.connect({ hostname: "127.0.0.1", port });
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/**
 * prctl(PR_SET_DUMPABLE, 0): this process (which sees every execute request,
 * hidden tests included) can no longer be read through /proc/<pid>/mem or
 * ptrace by the learner's kernel running as the same user.
 */
function makeUndumpable(): void {
  const libc = Deno.dlopen("libc.so.6", {
    prctl: { parameters: ["i32", "u64", "u64", "u64", "u64"], result: "i32" },
  });
  const PR_SET_DUMPABLE = 4;
  if (libc.symbols.prctl(PR_SET_DUMPABLE, 0n, 0n, 0n, 0n) !== 0) {
    throw new Error("Cannot make the grading front undumpable: prctl(PR_SET_DUMPABLE) failed");
  }
  libc.close();
}

if (import.meta.main) {
  makeUndumpable();
  const runtimeDir = Deno.args[0];
  const connection = JSON.parse(await Deno.readTextFile(`${runtimeDir}/connection.json`));
  for (const channel of CHANNELS) {
    const listener = Deno.listen({ transport: "unix", path: `${runtimeDir}/${channel}.sock` });
    (async () => {
      for await (const conn of listener) {
        connectWithRetry(connection[`${channel}_port`], Date.now() + 60_000)
          .then((inner) => splice(conn, inner), () => conn.close());
      }
    })();
  }
  Deno.exit(
    await runFront(`${runtimeDir}/connection.json`, { denoPath: `${runtimeDir}/kernel-exec` }),
  );
}
