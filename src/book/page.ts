/**
 * The book's HTML: one page per executed notebook (nbconvert's cells inside a page
 * with a table of contents and previous/next links) and the course map
 * (`index.html`). Every page is self-contained — one inline stylesheet, charts as
 * inline SVG, no script, font or stylesheet from elsewhere — so it reads offline
 * and from a USB stick.
 *
 * ```
 * ┌ header: StackLab › Chapter N · title ─────────────────────────────┐
 * │ nav.toc (headings)  │ main: ‹ previous · next ›  cells…  ‹ · ›  │
 * └──────────────────────────────────────────────────────────────────┘
 * ```
 *
 * @module
 */

import type { NotebookOutline } from "./outline.ts";

/**
 * Escapes text for HTML element content and double-quoted attributes.
 *
 * @example
 * ```ts
 * import { escapeHtml } from "./page.ts";
 * console.assert(escapeHtml('<a href="x">&</a>') === "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
};

/**
 * Decodes the character references nbconvert writes (`&#8212;`, `&#x2014;`, `&amp;` …).
 *
 * @example
 * ```ts
 * import { decodeEntities } from "./page.ts";
 * console.assert(decodeEntities("a &#8212; b &amp; c") === "a — b & c");
 * ```
 */
export function decodeEntities(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, name: string) => {
    if (name[0] !== "#") return NAMED[name.toLowerCase()] ?? match;
    const code = name[1] === "x" || name[1] === "X"
      ? parseInt(name.slice(2), 16)
      : Number(name.slice(1));
    return String.fromCodePoint(code);
  });
}

/** A Markdown heading of a page, with the anchor nbconvert gave it. */
export interface Heading {
  level: number;
  id: string;
  text: string;
}

/** nbconvert's cells, made ready for the book. */
export interface PreparedBody {
  html: string;
  headings: Heading[];
  /** External references that were removed (script, stylesheet, font, image URLs). */
  removed: string[];
}

// External: an absolute http(s) or protocol-relative URL.
const EXTERNAL = String.raw`(?:https?:)?//`;
const EXTERNAL_REFERENCES: [RegExp, (match: string) => string][] = [
  [
    new RegExp(
      String.raw`<script\b[^>]*\bsrc\s*=\s*["']?${EXTERNAL}[^>]*>[\s\S]*?</script\s*>`,
      "gi",
    ),
    () => "",
  ],
  [new RegExp(String.raw`<link\b[^>]*\bhref\s*=\s*["']?${EXTERNAL}[^>]*>`, "gi"), () => ""],
  [new RegExp(String.raw`@import\s+(?:url\()?\s*["']?${EXTERNAL}[^;]*;`, "gi"), () => ""],
  [new RegExp(String.raw`@font-face\s*\{[^}]*url\(\s*["']?${EXTERNAL}[^}]*\}`, "gi"), () => ""],
  [
    new RegExp(String.raw`<img\b[^>]*\bsrc\s*=\s*["']?${EXTERNAL}[^>]*>`, "gi"),
    (match) => {
      const alt = /\balt\s*=\s*"([^"]*)"/i.exec(match)?.[1] ?? "image";
      return `<span class="offline">[${alt} — not included offline]</span>`;
    },
  ],
];

/**
 * Removes references to other sites that a page would load (scripts, stylesheets,
 * fonts, images); links (`<a href>`) stay. Returns the cleaned HTML and what it removed.
 *
 * @example
 * ```ts
 * import { withoutExternalReferences } from "./page.ts";
 * const { html, removed } = withoutExternalReferences(
 *   '<script src="https://cdn.example/require.js"></script><a href="https://deno.com">Deno</a>',
 * );
 * console.assert(html === '<a href="https://deno.com">Deno</a>' && removed.length === 1);
 * ```
 */
export function withoutExternalReferences(html: string): { html: string; removed: string[] } {
  const removed: string[] = [];
  for (const [pattern, replace] of EXTERNAL_REFERENCES) {
    html = html.replace(pattern, (match) => {
      removed.push(match.slice(0, 120));
      return replace(match);
    });
  }
  return { html, removed };
}

const CELL_OPEN = /<div class="cell border-box-sizing /g;
const HEADING = /<h([1-6]) id="([^"]+)">([\s\S]*?)<a class="anchor-link"/g;

/**
 * Prepares nbconvert's cell HTML (classic template): gives each cell the anchor
 * `cell-<index>` (its index among all the notebook's cells), collects the Markdown
 * headings for the table of contents, and removes external references.
 *
 * `cellIndexes` lists, in order, the notebook indexes of the cells nbconvert renders
 * (code and Markdown cells); a count that does not match is an error.
 *
 * @example
 * ```ts
 * import { prepareBody } from "./page.ts";
 * const body = prepareBody(
 *   '<div class="cell border-box-sizing text_cell"><h2 id="Why">Why<a class="anchor-link" href="#Why">¶</a></h2></div>',
 *   [0],
 * );
 * console.assert(body.html.includes('id="cell-0"') && body.headings[0].id === "Why");
 * ```
 */
export function prepareBody(html: string, cellIndexes: number[]): PreparedBody {
  const rendered = html.match(CELL_OPEN)?.length ?? 0;
  if (rendered !== cellIndexes.length) {
    throw new RangeError(
      `Cannot anchor cells: nbconvert rendered ${rendered} cells, expected ${cellIndexes.length} ` +
        `code and Markdown cells; check the template (src/book/_template.html.j2)`,
    );
  }
  let next = 0;
  const anchored = html.replace(
    CELL_OPEN,
    (match) => `<div id="cell-${cellIndexes[next++]}" ${match.slice(5)}`,
  );
  const headings = [...anchored.matchAll(HEADING)].map((match) => ({
    level: Number(match[1]),
    id: match[2],
    text: decodeEntities(match[3].replace(/<[^>]*>/g, "")).trim(),
  }));
  const { html: clean, removed } = withoutExternalReferences(anchored);
  return { html: clean, headings, removed };
}

/** The inline stylesheet of every page: layout, cells, outputs, Pygments tokens. */
export const STYLE = `
:root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --line: #dde1e8; --code: #f6f7f9; --accent: #3056c8; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
a { color: var(--accent); }
header.bar { padding: .6rem 1.2rem; border-bottom: 1px solid var(--line); font-size: .95rem; }
header.bar a { text-decoration: none; font-weight: 600; }
.layout { display: grid; grid-template-columns: 16rem minmax(0, 1fr); gap: 2rem; max-width: 80rem; margin: 0 auto; padding: 1rem 1.2rem 4rem; }
nav.toc { position: sticky; top: 1rem; align-self: start; max-height: calc(100vh - 2rem); overflow: auto; font-size: .9rem; }
nav.toc ol { list-style: none; padding-left: 0; margin: 0; }
nav.toc li { margin: .25rem 0; }
nav.toc li.level-3, nav.toc li.level-4, nav.toc li.level-5, nav.toc li.level-6 { padding-left: 1rem; }
nav.pager { display: flex; justify-content: space-between; gap: 1rem; margin: 1rem 0; font-size: .95rem; }
.facts { color: var(--muted); font-size: .9rem; }
main { min-width: 0; }
.cell { margin: 0 0 1rem; }
.prompt { font: 12px ui-monospace, "DejaVu Sans Mono", monospace; color: var(--muted); }
.input_prompt:empty, .text_cell .prompt { display: none; }
.input_area { background: var(--code); border: 1px solid var(--line); border-radius: 4px; overflow-x: auto; }
.input_area pre, .output_area pre { margin: 0; padding: .5rem .7rem; font: 13.5px/1.45 ui-monospace, "DejaVu Sans Mono", monospace; white-space: pre; }
.output_area { display: block; margin-top: .35rem; overflow-x: auto; }
.output_prompt { display: none; }
.output_subarea { max-width: 100%; }
.output_svg svg { max-width: 100%; height: auto; }
.output_stderr pre { background: #fff4e5; }
.output_error pre { background: #fdecec; }
.rendered_html table { border-collapse: collapse; margin: .5rem 0; }
.text_cell_render th, .text_cell_render td { border: 1px solid var(--line); padding: .25rem .6rem; text-align: left; }
.text_cell_render code { background: var(--code); padding: 0 .2rem; border-radius: 3px; font-size: .92em; }
.anchor-link { visibility: hidden; margin-left: .3rem; text-decoration: none; }
h1:hover .anchor-link, h2:hover .anchor-link, h3:hover .anchor-link { visibility: visible; }
kbd { border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 3px; padding: 0 .25rem; font-size: .85em; }
.course td, .course th { border-bottom: 1px solid var(--line); padding: .45rem .6rem; vertical-align: top; text-align: left; }
.course { border-collapse: collapse; width: 100%; }
.course ul { margin: 0; padding-left: 1.1rem; }
.offline { color: var(--muted); font-style: italic; }
.highlight .c, .highlight .c1, .highlight .cm, .highlight .cs { color: #6a737d; font-style: italic; }
.highlight .k, .highlight .kd, .highlight .kn, .highlight .kr, .highlight .kc, .highlight .ow { color: #8839c8; }
.highlight .kt, .highlight .nc { color: #0b7285; }
.highlight .s, .highlight .s1, .highlight .s2, .highlight .sb, .highlight .si, .highlight .sr { color: #b3541e; }
.highlight .m, .highlight .mf, .highlight .mi, .highlight .mh { color: #1864ab; }
.highlight .nb, .highlight .bp { color: #2b8a3e; }
.highlight .err { color: inherit; }
@media (max-width: 52rem) { .layout { grid-template-columns: 1fr; } nav.toc { position: static; max-height: none; } }
@media print { nav.toc, nav.pager { display: none; } .layout { display: block; } }
`;

function document(title: string, header: string, content: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="bar">${header}</header>
${content}
</body>
</html>
`;
}

const minutes = (n: number) => `about ${n} min`;

function pager(previous?: NotebookOutline, next?: NotebookOutline): string {
  const link = (rel: "prev" | "next", outline?: NotebookOutline) =>
    outline
      ? `<a rel="${rel}" href="${outline.slug}.html">${rel === "prev" ? "← " : ""}${
        escapeHtml(outline.title)
      }${rel === "next" ? " →" : ""}</a>`
      : "<span></span>";
  return `<nav class="pager" aria-label="Previous and next notebook">${link("prev", previous)}${
    link("next", next)
  }</nav>`;
}

/** What a notebook page shows besides its cells. */
export interface NotebookPage {
  outline: NotebookOutline;
  body: PreparedBody;
  previous?: NotebookOutline;
  next?: NotebookOutline;
  /** Link to the executed notebook, relative to the page. */
  download: string;
}

/**
 * One executed notebook as a standalone page.
 *
 * @example
 * ```ts
 * import { notebookPage, outlineNotebook } from "./mod.ts";
 * const outline = outlineNotebook("00-start-here.ipynb", { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] });
 * const html = notebookPage({ outline, body: { html: "<p>cells</p>", headings: [], removed: [] }, download: "ipynb/00-start-here.ipynb" });
 * console.assert(html.startsWith("<!DOCTYPE html>") && !html.includes('rel="prev"'));
 * ```
 */
export function notebookPage(page: NotebookPage): string {
  const { outline, body } = page;
  const toc = body.headings.map((heading) =>
    `<li class="level-${heading.level}"><a href="#${escapeHtml(heading.id)}">${
      escapeHtml(heading.text)
    }</a></li>`
  ).join("\n");
  const facts = [
    `${minutes(outline.minutes)} of reading`,
    outline.modules.length
      ? `modules ${
        outline.modules.map((module) => `<code>${escapeHtml(module)}</code>`).join(", ")
      }`
      : "",
    `<a href="${escapeHtml(page.download)}" download>executed notebook (.ipynb)</a>`,
  ].filter(Boolean).join(" · ");
  return document(
    `${outline.title} — StackLab`,
    `<a href="index.html">StackLab</a> › Chapter ${outline.chapter} · ${
      escapeHtml(outline.chapterTitle)
    } › ${escapeHtml(outline.slug)}`,
    `<div class="layout">
<nav class="toc" aria-label="Contents"><strong>Contents</strong>
<ol>
${toc}
</ol>
<p><a href="index.html">Course map</a></p></nav>
<main>
${pager(page.previous, page.next)}
<p class="facts">${facts}</p>
${body.html}
${pager(page.previous, page.next)}
</main>
</div>`,
  );
}

/**
 * The course map: chapter → notebooks → modules → exercises, with reading times.
 *
 * @example
 * ```ts
 * import { indexPage, outlineNotebook } from "./mod.ts";
 * const outline = outlineNotebook("02-virtualization.ipynb", { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] });
 * console.assert(indexPage([outline]).includes('<a href="02-virtualization.html">'));
 * ```
 */
export function indexPage(outlines: NotebookOutline[]): string {
  const chapters = [...new Set(outlines.map((outline) => outline.chapter))].sort((a, b) => a - b);
  const total = outlines.reduce((sum, outline) => sum + outline.minutes, 0);
  const sections = chapters.map((chapter) => {
    const inChapter = outlines.filter((outline) => outline.chapter === chapter);
    const rows = inChapter.map((outline) => {
      const modules = outline.modules.map((module) => `<li><code>${escapeHtml(module)}</code></li>`)
        .join("");
      const exercises = outline.exercises.map((exercise) => {
        const label = exercise.id ? `<code>${escapeHtml(exercise.id)}</code>` : "self-check";
        const prompt = exercise.prompt ? ` — ${escapeHtml(exercise.prompt)}` : "";
        return `<li><a href="${outline.slug}.html#cell-${exercise.cell}">${label}</a>${prompt}</li>`;
      }).join("");
      return `<tr>
<td><a href="${outline.slug}.html">${escapeHtml(outline.title)}</a><br><small>${
        escapeHtml(outline.file)
      }</small></td>
<td>${modules ? `<ul>${modules}</ul>` : "—"}</td>
<td>${exercises ? `<ul>${exercises}</ul>` : "—"}</td>
<td>${minutes(outline.minutes)}</td>
</tr>`;
    }).join("\n");
    return `<section id="chapter-${chapter}">
<h2>Chapter ${chapter} · ${escapeHtml(inChapter[0].chapterTitle)}</h2>
<table class="course">
<thead><tr><th>Notebook</th><th>Modules it imports</th><th>Exercises</th><th>Reading time</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
  }).join("\n");
  return document(
    "StackLab — course map",
    `<a href="index.html">StackLab</a> › course map`,
    `<main class="layout" style="display:block;max-width:64rem">
<h1>StackLab: how computers cooperate</h1>
<p>Every notebook below was executed on the StackLab kernel when this book was built; its charts
are the ones the code drew. ${outlines.length} notebook${outlines.length === 1 ? "" : "s"}, ${
      minutes(total)
    } of reading
(prose at the speed of non-fiction, code at half of it). Run them yourself in Jupyter to change
the parameters.</p>
${sections}
</main>`,
  );
}
