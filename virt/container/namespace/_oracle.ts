// Test helper: run a real util-linux command (unshare, readlink) and return its stdout,
// or null when the tool is missing or not permitted (the oracle tests then skip).

/** stdout of `command args…`, or null if it cannot run here. */
export async function runTool(command: string, args: string[]): Promise<string | null> {
  try {
    const output = await new Deno.Command(command, { args, stdout: "piped", stderr: "null" })
      .output();
    return output.success ? new TextDecoder().decode(output.stdout) : null;
  } catch {
    return null;
  }
}
