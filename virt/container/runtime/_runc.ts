// Test helper: a real runc bundle (runc spec + a rootfs holding /sleep and its libraries)
// and a runner for runc commands. Returns null where runc, ldd or root are missing.

/**
 * Run `runc args…`; ok flag and stdout. Only `state` and `spec` capture output: a created
 * container inherits runc's stdio, so a pipe would never reach end of file.
 */
export async function runc(args: string[], cwd?: string) {
  const capture = args[0] === "state" || args[0] === "spec" ? "piped" : "null";
  try {
    const out = await new Deno.Command("runc", { args, cwd, stdout: capture, stderr: capture })
      .output();
    const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    return {
      ok: out.success,
      stdout: capture === "piped" ? decode(out.stdout) : "",
      stderr: capture === "piped" ? decode(out.stderr) : "",
    };
  } catch {
    return null;
  }
}

/** `runc spec` in a new temporary directory: the default config.json text, or null. */
export async function runcSpec(): Promise<{ dir: string; text: string } | null> {
  const dir = await Deno.makeTempDir({ prefix: "stacklab-runc-" });
  const result = await runc(["spec"], dir);
  if (!result?.ok) return null;
  return { dir, text: await Deno.readTextFile(`${dir}/config.json`) };
}

/** A runnable bundle whose process is `/sleep 1000`, or null. */
export async function sleepBundle(): Promise<string | null> {
  if (Deno.uid?.() !== 0) return null;
  const spec = await runcSpec();
  if (!spec) return null;
  let ldd: string;
  try {
    const out = await new Deno.Command("ldd", { args: ["/usr/bin/sleep"], stdout: "piped" })
      .output();
    if (!out.success) return null;
    ldd = new TextDecoder().decode(out.stdout);
  } catch {
    return null;
  }
  const rootfs = `${spec.dir}/rootfs`;
  for (const dir of ["proc", "dev", "sys"]) {
    await Deno.mkdir(`${rootfs}/${dir}`, { recursive: true });
  }
  await Deno.copyFile("/usr/bin/sleep", `${rootfs}/sleep`);
  for (const path of ldd.match(/\/\S+/g) ?? []) {
    await Deno.mkdir(`${rootfs}${path.slice(0, path.lastIndexOf("/"))}`, { recursive: true });
    await Deno.copyFile(await Deno.realPath(path), `${rootfs}${path}`);
  }
  const config = JSON.parse(spec.text);
  config.process.terminal = false;
  config.process.args = ["/sleep", "1000"];
  await Deno.writeTextFile(`${spec.dir}/config.json`, JSON.stringify(config));
  return spec.dir;
}
