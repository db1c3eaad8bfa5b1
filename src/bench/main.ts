/**
 * `deno task bench`: every benchmark of the course in one run.
 *
 * 1. `deno bench` over all `*_bench.ts` files (Deno.bench statistics);
 * 2. each `*_bench.ts` that is also a script (`import.meta.main`), run as one:
 *    side-by-side comparisons with peers (scapy, plain `deno jupyter`) and
 *    whole-system figures.
 *
 * Figures go into README by hand; nothing here asserts a time.
 *
 * @module
 */

const root = new URL("../../", import.meta.url).pathname;
const areas = ["src", "stack", "virt", "cluster"];

function* benchFiles(dir: string): Generator<string> {
  let entries: Deno.DirEntry[] = [];
  try {
    entries = [...Deno.readDirSync(dir)];
  } catch {
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) yield* benchFiles(path);
    else if (entry.name.endsWith("_bench.ts")) yield path;
  }
}

const files = areas.flatMap((area) => [...benchFiles(`${root}${area}`)]);
const env = { NO_COLOR: "1" };
const only = Deno.args[0];
const selected = only ? files.filter((file) => file.includes(only)) : files;

console.log(`# deno bench (${selected.length} files)`);
await new Deno.Command(Deno.execPath(), {
  args: ["bench", "--allow-all", ...selected],
  cwd: root,
  env,
}).output()
  .then((output) => Deno.stdout.write(new Uint8Array([...output.stdout, ...output.stderr])));

for (const file of selected) {
  if (!Deno.readTextFileSync(file).includes("import.meta.main")) continue;
  console.log(`\n# ${file.slice(root.length)}`);
  await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", file],
    cwd: root,
    env,
    stdout: "inherit",
  })
    .output();
}
