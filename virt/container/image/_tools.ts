/**
 * Test helpers (private): run the real OCI tools (`umoci`, `skopeo`, GNU `tar`) that serve as
 * oracles, failing with a clear message when one is missing.
 *
 * @module
 */

/** Run a tool; throws with its stderr when it fails or is not installed. */
export async function tool(name: string, args: readonly string[]): Promise<string> {
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command(name, { args: [...args], stdout: "piped", stderr: "piped" })
      .output();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Error(
        `Oracle ${name} is not installed (the test needs /usr/bin/${name}; apt-get install ${name})`,
      );
    }
    throw error;
  }
  const decoder = new TextDecoder();
  if (!output.success) {
    throw new Error(
      `${name} ${args.join(" ")} failed (exit ${output.code}):\n${decoder.decode(output.stderr)}`,
    );
  }
  return decoder.decode(output.stdout);
}
