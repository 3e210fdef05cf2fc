/**
 * completion/complete: values for a prompt argument (or a resource template variable)
 * that start with what the user typed — from the manifest's `enum`, or from a tool of
 * the project called through the tool executor with the caller's own credentials, the
 * values taken from its result at `path`. At most 100 values, with `total`/`hasMore`.
 * A failing tool gives no values (completion is a convenience; the executor logged why).
 * @see https://modelcontextprotocol.io/specification/2025-06-18/server/utilities/completion
 */
import { CompleteRequestSchema, ErrorCode, McpError, type CompleteResult } from '@modelcontextprotocol/sdk/types.js';
import { valuesAt } from '../../prompts/completion-path.ts';
import type { ArgumentCompletion } from '../../tools/types.ts';
import type { CallOptions } from '../tool-executor.ts';
import { requestIdFrom } from '../request-id.ts';
import type { ToolSet } from '../tool-set.ts';
import type { ServerFeature } from './types.ts';

/** The spec's cap on values in one completion result. */
export const MAX_COMPLETIONS = 100;

const offered = (set: ToolSet) => (set.prompts?.length ?? 0) > 0 || set.resourceCompletions !== undefined;

export const completionsFeature: ServerFeature = {
  capabilities: (deps) => (offered(deps.tools()) ? { completions: {} } : {}),
  register(server, deps) {
    if (!offered(deps.tools())) return;
    server.setRequestHandler(CompleteRequestSchema, async (request, extra) => {
      const set = deps.tools();
      const { ref, argument } = request.params;
      let spec: ArgumentCompletion | undefined;
      if (ref.type === 'ref/prompt') {
        const prompt = set.prompts?.find((p) => p.definition.name === ref.name);
        if (!prompt) throw new McpError(ErrorCode.InvalidParams, `Unknown prompt: ${ref.name}`);
        spec = prompt.completions?.[argument.name];
      } else {
        spec = set.resourceCompletions?.(ref.uri)?.[argument.name];
      }
      if (!spec) return result([]);
      const options: CallOptions = {
        identity: deps.identity.resolve({ transport: deps.transport, authInfo: extra.authInfo }),
        requestId: requestIdFrom(extra.requestInfo?.headers['x-request-id']),
        network: deps.transport === 'http',
        signal: extra.signal,
      };
      return result(matching(await candidates(spec, argument.value, set, options), argument.value));
    });
  },
};

async function candidates(spec: ArgumentCompletion, typed: string, set: ToolSet, options: CallOptions): Promise<readonly string[]> {
  if (spec.values) return spec.values;
  if (spec.tool === undefined || spec.path === undefined) return [];
  const args = spec.param === undefined ? {} : { [spec.param]: typed };
  const outcome = await set.executor.call(spec.tool, args, options);
  if (outcome.isError) return [];
  return valuesAt(outcome.structuredContent ?? parseText(outcome.content), spec.path);
}

/** The tool's JSON when it returned no structuredContent (no output schema). */
function parseText(content: readonly { type: string; text?: unknown }[]): unknown {
  const text = content.find((c) => c.type === 'text')?.text;
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Distinct values starting with what was typed (ignoring case), in the source's order. */
function matching(values: readonly string[], typed: string): string[] {
  const prefix = typed.toLowerCase();
  return [...new Set(values)].filter((v) => v.toLowerCase().startsWith(prefix));
}

function result(values: string[]): CompleteResult {
  return { completion: { values: values.slice(0, MAX_COMPLETIONS), total: values.length, hasMore: values.length > MAX_COMPLETIONS } };
}
