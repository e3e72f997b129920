/**
 * @module share — the scenario in the URL hash: JSON, deflate-raw (the browser's
 * CompressionStream), base64url.
 */

/** bytes → base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** base64url (padded or not) → bytes; throws on characters outside the alphabet. */
export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*=*$/.test(text)) throw new Error('invalid share link: not base64url');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipe(
  bytes: Uint8Array,
  stream: CompressionStream | DecompressionStream,
): Promise<Uint8Array> {
  const body = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(body).arrayBuffer());
}

/**
 * Encodes any JSON value for a URL: JSON → deflate-raw → base64url.
 * @example await encodeShare({ a: 1 }) // "q1ZKVLIy1FGqBQA"
 */
export async function encodeShare(value: unknown): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(value));
  return toBase64Url(await pipe(json, new CompressionStream('deflate-raw')));
}

/** Decodes what {@link encodeShare} wrote; throws `invalid share link: …` on anything else. */
export async function decodeShare(text: string): Promise<unknown> {
  let json: string;
  try {
    json = new TextDecoder().decode(
      await pipe(fromBase64Url(text), new DecompressionStream('deflate-raw')),
    );
  } catch (e) {
    throw new Error(`invalid share link: ${(e as Error).message}`);
  }
  return JSON.parse(json);
}

/** The URL-hash state: the view on screen, the user's plans and the scenario (both encoded). */
export interface HashState {
  readonly scenario?: string;
  readonly view?: string;
  readonly plans?: string;
}

/** Reads `#v=…&p=…&s=…` (any may be missing). */
export function parseHash(hash: string): HashState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return {
    scenario: params.get('s') ?? undefined,
    view: params.get('v') ?? undefined,
    plans: params.get('p') ?? undefined,
  };
}

/** Writes the hash for {@link parseHash}: the view first so a long link still shows it. */
export function formatHash(state: HashState): string {
  const parts: string[] = [];
  if (state.view) parts.push(`v=${encodeURIComponent(state.view)}`);
  if (state.plans) parts.push(`p=${state.plans}`);
  if (state.scenario) parts.push(`s=${state.scenario}`);
  return parts.length ? `#${parts.join('&')}` : '';
}
