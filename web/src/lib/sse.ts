/** @module sse — reads a Server-Sent Events stream (the decision map's progress) from text chunks, however they are cut. */

/** One event of the stream: its name (`message` when the stream gives none) and its data lines joined by `\n`. */
export interface SseEvent {
  readonly event: string;
  readonly data: string;
}

/**
 * A parser for the `text/event-stream` format: feed it text as it arrives with `push`, then call `end`.
 * Events are dispatched at each blank line; `\r\n`, `\r` and `\n` all end a line; comment lines (`:`) and
 * the `id`/`retry` fields are ignored; an event without data, or one the stream ends inside, is not dispatched
 * (as in the HTML standard).
 * Non-reactive.
 *
 * @example
 * const p = makeSseParser((e) => console.log(e.event, e.data));
 * p.push('event: progress\ndata: {"done":1,'); p.push('"total":4}\n\n'); // logs progress {"done":1,"total":4}
 */
export function makeSseParser(onEvent: (e: SseEvent) => void): { push: (text: string) => void; end: () => void } {
  let buffer = '';
  let event = '';
  let data: string[] = [];

  const line = (text: string) => {
    if (text === '') {
      if (data.length) onEvent({ event: event || 'message', data: data.join('\n') });
      event = '';
      data = [];
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    // One space after the colon belongs to the syntax, not the value.
    const value = colon < 0 ? '' : text.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  };

  return {
    push(text: string) {
      buffer += text;
      // A trailing '\r' may be the first half of '\r\n': keep it until the next chunk says.
      const re = /\r\n|\r(?=[^\n])|\n/g;
      let start = 0;
      for (let m = re.exec(buffer); m; m = re.exec(buffer)) {
        line(buffer.slice(start, m.index));
        start = m.index + m[0].length;
      }
      buffer = buffer.slice(start);
    },
    /** The stream ended: an event not closed by a blank line is dropped (it may be cut short). */
    end() {
      // At the end a CR can no longer be half of a CRLF: it ends its line.
      if (buffer.endsWith('\r')) line(buffer.slice(0, -1));
      buffer = '';
      event = '';
      data = [];
    },
  };
}
