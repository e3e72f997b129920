/** Types of precompress.mjs (see there). */
export function precompress(dir: string): Promise<string[]>;
