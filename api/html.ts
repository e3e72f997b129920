/** @module html — writing text into the server's own HTML pages (the API docs, the board report). */

/** Text for HTML: `& < > " '` as character references. */
export const escapeHtml = (s: unknown): string =>
  String(s).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
