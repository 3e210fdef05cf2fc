/**
 * A runtime served over stdio: the session's server, and what the direct tools/call path
 * needs (the current tool set, who the caller is). `dta-mcp serve` and `dta-mcp demo`
 * come through here.
 */
import { serveStdio, type StdioHandle, type StdioStreams } from '../transports/stdio.ts';
import type { Runtime } from './create-runtime.ts';

export function serveRuntimeStdio(runtime: Runtime, streams?: StdioStreams): Promise<StdioHandle> {
  return serveStdio(() => runtime.createServer('stdio'), { tools: runtime.tools, identity: runtime.identity }, streams);
}
