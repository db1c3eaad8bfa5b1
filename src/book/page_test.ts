import assert from "node:assert/strict";
import { parseHTML } from "linkedom";
import type { NotebookOutline } from "./outline.ts";
import { indexPage, notebookPage, prepareBody, withoutExternalReferences } from "./page.ts";

Deno.test("withoutExternalReferences() drops scripts, stylesheets, fonts and images from elsewhere", () => {
  const html = [
    '<script src="https://cdnjs.example/require.min.js"></script>',
    '<script src="//cdn.example/mathjax.js" async></script>',
    '<link rel="stylesheet" href="https://fonts.example/css?family=Inter">',
    "<style>@import url(https://fonts.example/a.css); p { color: red }</style>",
    '<style>@font-face { font-family: X; src: url("https://fonts.example/x.woff2") }</style>',
    '<img alt="topology" src="http://example.org/t.png">',
    '<a href="https://deno.com">Deno</a><script>let inline = 1;</script><img src="data:image/png;base64,AA">',
  ].join("\n");
  const { html: clean, removed } = withoutExternalReferences(html);
  assert.equal(removed.length, 6);
  assert.doesNotMatch(clean, /(?:src|href)\s*=\s*"(?:https?:)?\/\/(?!deno\.com)/);
  assert.doesNotMatch(clean, /url\(\s*"?https?:/);
  assert.match(clean, /<a href="https:\/\/deno\.com">Deno<\/a>/, "links stay");
  assert.match(clean, /<script>let inline = 1;<\/script>/, "inline scripts stay");
  assert.match(clean, /\[topology — not included offline\]/);
  assert.match(clean, /p \{ color: red \}/);
});

Deno.test("prepareBody() anchors cells by notebook index and refuses a count mismatch", () => {
  const cell = (inner: string) => `<div class="cell border-box-sizing code_cell">${inner}</div>`;
  const html = cell('<h2 id="A-%26-B">A &amp; B<a class="anchor-link" href="#A-%26-B">¶</a></h2>') +
    cell("<pre>1</pre>");
  const body = prepareBody(html, [0, 2]); // cell 1 was a raw cell nbconvert did not render
  const { document } = parseHTML(`<html><body>${body.html}</body></html>`);
  assert.ok(document.querySelector("#cell-0 h2"));
  assert.equal(document.querySelector("#cell-2 pre")?.textContent, "1");
  assert.deepEqual(body.headings, [{ level: 2, id: "A-%26-B", text: "A & B" }]);
  assert.throws(() => prepareBody(html, [0]), RangeError);
});

const outline = (slug: string, chapter: number): NotebookOutline => ({
  file: `${slug}.ipynb`,
  slug,
  chapter,
  chapterTitle: `Title ${chapter}`,
  title: `${slug} <title>`,
  modules: ["src/sim"],
  exercises: [{ cell: 4, id: "ex-1", prompt: "Why <this>?", checkedIn: [5] }],
  words: { prose: 100, code: 50 },
  minutes: 2,
});

Deno.test("notebookPage() and indexPage() escape text and link the chain", () => {
  const [a, b, c] = [outline("01a-x", 1), outline("01b-y", 1), outline("02-z", 2)];
  const page = notebookPage({
    outline: b,
    body: {
      html: "<p>cells</p>",
      headings: [{ level: 1, id: "Top", text: "Top & <more>" }],
      removed: [],
    },
    previous: a,
    next: c,
    download: "ipynb/01b-y.ipynb",
  });
  const { document } = parseHTML(page);
  assert.equal(document.querySelector('a[rel="prev"]')?.getAttribute("href"), "01a-x.html");
  assert.equal(document.querySelector('a[rel="next"]')?.getAttribute("href"), "02-z.html");
  assert.equal(document.querySelector("nav.toc a")?.textContent, "Top & <more>");
  assert.equal(document.querySelector("title")?.textContent, "01b-y <title> — StackLab");
  const index = parseHTML(indexPage([a, b, c])).document;
  assert.deepEqual(
    [...index.querySelectorAll("section")].map((section) => section.id),
    ["chapter-1", "chapter-2"],
  );
  assert.equal(index.querySelectorAll('a[href="01a-x.html#cell-4"]').length, 1);
  assert.match(index.body.textContent ?? "", /3 notebooks, about 6 min of reading/);
});
