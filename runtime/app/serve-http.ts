/**
 * A runtime served over Streamable HTTP: the one place that hands the transport what it
 * needs from the runtime (servers, identity, per-API auth for the session hand-off, tool
 * scopes, health). `dta-mcp serve`, `dta-mcp demo` and the tests all come through here.
 */
import { serveHttp, type HttpHandle, type HttpOptions } from '../transports/http.ts';
import type { Runtime } from './create-runtime.ts';

export function serveRuntimeHttp(runtime: Runtime, options: HttpOptions = runtime.config.http): Promise<HttpHandle> {
  return serveHttp(options, {
    createServer: () => runtime.createServer('http'),
    identity: runtime.identity,
    tools: runtime.tools,
    auths: runtime.credentials.auths,
    signIn: runtime.signIn,
    toolScopes: (name) => runtime.tools().scopes(name),
    resourceWebhook: (path) => runtime.resourceWebhook(path),
    logger: runtime.logger,
    metrics: runtime.metrics,
    health: () => runtime.health(),
  });
}
