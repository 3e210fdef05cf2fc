/**
 * The string formats the config schema may use: ajv-formats' and our own `http-url`. A
 * module of its own because the ahead-of-time validator (config-validator.ts) requires it.
 */
import { fullFormats } from 'ajv-formats/dist/formats.js';

/** An http(s) URL. */
function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

export const configFormats = { ...fullFormats, 'http-url': { type: 'string', validate: isHttpUrl } } as const;
