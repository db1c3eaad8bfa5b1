/** Small helpers for running external commands from the setup CLI. */

/** Runs a command; returns its exit code and output, never throws for a missing program. */
export async function run(
  command: string,
  args: string[],
  options: { env?: Record<string, string>; inherit?: boolean; cwd?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const output = await new Deno.Command(command, {
      args,
      env: options.env,
      cwd: options.cwd,
      stdin: "null",
      stdout: options.inherit ? "inherit" : "piped",
      stderr: options.inherit ? "inherit" : "piped",
    }).output();
    const decode = (bytes: Uint8Array) => options.inherit ? "" : new TextDecoder().decode(bytes);
    return { code: output.code, stdout: decode(output.stdout), stderr: decode(output.stderr) };
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      return { code: 127, stdout: "", stderr: `${command}: not found` };
    }
    throw error;
  }
}

/** True when `program` is found on PATH. */
export async function onPath(program: string): Promise<boolean> {
  return (await run("sh", ["-c", `command -v ${program}`])).code === 0;
}
