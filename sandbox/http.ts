/** Small node:http helpers: bounded body reading and JSON answers. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const MAX_BODY_BYTES = 1024 * 1024;

export type BodyResult = { ok: true; text: string } | { ok: false; reason: 'too_large' | 'aborted' };

/** Reads the whole body as UTF-8 text, giving up past `limit` bytes. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve({ ok: false, reason: 'too_large' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyResult): void => {
      if (done) return;
      done = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        req.resume();
        finish({ ok: false, reason: 'too_large' });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => finish({ ok: true, text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', () => finish({ ok: false, reason: 'aborted' }));
    req.on('close', () => finish({ ok: false, reason: 'aborted' }));
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** A problem body as in openapi/shared/problem.yaml. */
export function sendProblem(
  res: ServerResponse,
  status: number,
  error: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error, message }, headers);
}

/** The media type of a request, lower-cased, without parameters. */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * The form body of a POST to an OAuth endpoint (RFC 6749 §3.2: form-encoded), or
 * undefined once `fail` has answered (413 too large, 400 another media type; an aborted
 * request gets no answer).
 */
export async function readForm(
  req: IncomingMessage,
  fail: (status: number, error: string, description: string) => void,
): Promise<URLSearchParams | undefined> {
  const body = await readBody(req);
  if (!body.ok) {
    if (body.reason === 'too_large') fail(413, 'invalid_request', 'The request body is too large.');
    return undefined;
  }
  if (mediaType(req) !== 'application/x-www-form-urlencoded') {
    fail(400, 'invalid_request', 'The body must be application/x-www-form-urlencoded.');
    return undefined;
  }
  return new URLSearchParams(body.text);
}
