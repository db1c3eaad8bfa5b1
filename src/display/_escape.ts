// Escaping text for HTML and SVG (XML) output. Every string that came from data — a
// table cell, a field value, a chart title — passes through here before it is
// concatenated into markup, so a `<` in the data stays text.

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escape `&`, `<`, `>`, `"` and `'` so `text` is safe in element content and attributes. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]);
}
