/**
 * @module sse — reads a Server-Sent Events stream from text chunks, however they are cut; and one
 * streamed request (the decision map's, the Monte Carlo run's): `progress` events while it runs,
 * one `result` or `error` at the end.
 */
import type { ClientResponse } from 'hono/client';
import { ApiRequestError, call, isAbort, sendRequest } from './api';

/**
 * One event of the stream: its name (`message` when the stream gives none) and its data lines
 * joined by `\n`.
 */
export interface SseEvent {
  readonly event: string;
  readonly data: string;
}

/**
 * A parser for the `text/event-stream` format: feed it text as it arrives with `push`, then call
 * `end`. Events are dispatched at each blank line; `\r\n`, `\r` and `\n` all end a line; comment
 * lines (`:`) and the `id`/`retry` fields are ignored; an event without data, or one the stream
 * ends inside, is not dispatched (as in the HTML standard). Non-reactive.
 *
 * @example
 * const p = makeSseParser((e) => console.log(e.event, e.data)); p.push('event: progress\ndata:
 * {"done":1,'); p.push('"total":4}\n\n'); // logs progress {"done":1,"total":4}
 */
export function makeSseParser(onEvent: (e: SseEvent) => void): {
  push: (text: string) => void;
  end: () => void;
} {
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

/**
 * Sends a request that answers with an event stream (`Accept: text/event-stream`) and resolves to
 * its `result` event; `progress` events go to `onProgress`, a `run` event (the run's id) to
 * `onRun`. Aborting `signal` closes the connection, which stops the server's work. An answer that
 * is not a stream (a 400 with the API's issues) is read the usual way; an `error` event rejects
 * with its code; `what` names the work in messages ("map", "run").
 */
export async function streamRequest<T, P>(
  send: () => Promise<ClientResponse<unknown>>,
  options: {
    onProgress: (p: P) => void;
    onRun?: (run: { id: string }) => void;
    signal?: AbortSignal;
    what: string;
  },
): Promise<T> {
  const res = await sendRequest(send);
  if (
    !res.ok ||
    !res.body ||
    !(res.headers.get('content-type') ?? '').includes('text/event-stream')
  ) {
    // Not a stream: an error envelope (or a plain JSON answer), read the usual way.
    return call<T>(() => Promise.resolve(res as unknown as ClientResponse<unknown>));
  }
  let result: T | undefined;
  let failure: ApiRequestError | undefined;
  const parser = makeSseParser((e) => {
    if (e.event === 'progress') options.onProgress(JSON.parse(e.data) as P);
    else if (e.event === 'run') options.onRun?.(JSON.parse(e.data) as { id: string });
    else if (e.event === 'result') result = JSON.parse(e.data) as T;
    else if (e.event === 'error') {
      const err = (JSON.parse(e.data) as { error?: { code?: string; message?: string } }).error;
      failure = new ApiRequestError(
        err?.code === 'busy' ? 503 : 500,
        err?.code ?? 'internal',
        err?.message ?? `The ${options.what} failed.`,
      );
    }
  });
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.push(value);
    }
  } catch (e) {
    if (isAbort(e) || options.signal?.aborted)
      throw new DOMException(`The ${options.what} was cancelled.`, 'AbortError');
    throw new ApiRequestError(
      0,
      'network',
      `The connection broke during the ${options.what} (${(e as Error).message}).`,
    );
  }
  parser.end();
  if (failure) throw failure;
  if (!result)
    throw new ApiRequestError(0, 'network', `The ${options.what} stream ended before its result.`);
  return result;
}
