/**
 * Extension: a download that lives on another origin, as GitHub's archive downloads and
 * signed storage URLs do. `GET /files/{name}/download` on the API answers 302 to a second
 * loopback server (the "CDN", its own port: another origin) that serves the file's bytes
 * without any token. The CDN records what reached it, so a test can show that no
 * credential (and no request from the MCP server at all) got there.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendProblem } from './http.ts';
import { MEDIA, sendBytes } from './media.ts';
import { headerRecord, queryRecord, type Recorder } from './recorder.ts';

/** What reached the CDN. */
export interface CdnRequest {
  path: string;
  headers: Record<string, string>;
}

export interface Cdn {
  url: string;
  requests: CdnRequest[];
  close(): Promise<void>;
}

const DOWNLOAD = /^\/files\/([^/]+)\/download$/;

/** The files the CDN serves, by name: the API's media files. */
function fileNamed(name: string) {
  return MEDIA[`/media/${name}`];
}

export async function startCdn(): Promise<Cdn> {
  const requests: CdnRequest[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://cdn').pathname;
    requests.push({ path, headers: headerRecord(req) });
    const file = fileNamed(decodeURIComponent(path.replace(/^\/files\//, '')));
    if (!file || req.method !== 'GET') return sendProblem(res, 404, 'not_found', `No file at ${path}.`);
    sendBytes(res, 200, file);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * `GET /files/{name}/download`: 302 to the CDN for a known file (a bearer token is
 * required, as for the API's media), 404 otherwise. Recorded like an API request.
 * Returns false when the path is not a download, for the API to answer.
 */
export function handleDownload(cdn: Cdn, recorder: Recorder, req: IncomingMessage, res: ServerResponse, url: URL): boolean {
  const match = DOWNLOAD.exec(url.pathname);
  if (!match) return false;
  const name = decodeURIComponent(match[1] ?? '');
  const headers = headerRecord(req);
  const status = !/^Bearer\s+\S+$/i.test(headers.authorization ?? '') ? 401 : req.method !== 'GET' ? 405 : fileNamed(name) ? 302 : 404;
  recorder.recordRequest({ method: req.method ?? 'GET', path: url.pathname, query: queryRecord(url.searchParams), headers, body: '', status });
  if (status === 302) {
    res.writeHead(302, { location: `${cdn.url}/files/${encodeURIComponent(name)}` }).end();
  } else {
    sendProblem(res, status, status === 401 ? 'invalid_token' : status === 405 ? 'method_not_allowed' : 'not_found', status === 401 ? 'A bearer token is required.' : `No download for ${name}.`);
  }
  return true;
}
