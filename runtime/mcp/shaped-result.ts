/**
 * The result of an upstream tool that declares `response` (shaping) or `pagination`:
 * the shaped value, a note saying what was cut and how to get the next page, and the
 * next page's arguments in `_meta["dta-mcp/next"]`. `structuredContent` is sent only
 * when the shaped value still passes the tool's output schema (clients check it).
 * Tools that declare neither get exactly successResult's answer.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { UpstreamOutcome, UpstreamTool } from '../tools/types.ts';
import type { ArgValidator } from './arg-validators.ts';
import { nextArguments } from './pagination.ts';
import { type CallSecrets, successResult } from './results.ts';
import { cutNote, shape } from './shaping.ts';

type UpstreamAnswer = UpstreamOutcome['response'];

export const NEXT_META = 'dta-mcp/next';

export function shapedResult(
  tool: UpstreamTool,
  args: unknown,
  data: unknown,
  response: UpstreamAnswer,
  options: { check: ArgValidator | undefined; secrets: CallSecrets },
): CallToolResult {
  const { check, secrets } = options;
  if (!tool.response && !tool.pagination) return successResult(data, { structured: check !== undefined, status: response.status, secrets });
  const rules = tool.response ?? {};
  const shaped = shape(data, rules);
  const given = typeof args === 'object' && args !== null && !Array.isArray(args) ? (args as Record<string, unknown>) : {};
  const next = tool.pagination ? nextArguments(tool.pagination, given, response, data) : undefined;
  const structured = check !== undefined && !shaped.overBytes && check(shaped.value).ok;
  const result = successResult(shaped.value, {
    structured,
    status: response.status,
    secrets,
    ...(shaped.overBytes && rules.maxBytes !== undefined ? { maxTextChars: rules.maxBytes } : {}),
  });
  const notes = [
    cutNote(shaped, rules.maxBytes),
    next ? `More results: call ${tool.definition.name} again with arguments ${JSON.stringify(next)}.` : undefined,
  ].filter((n): n is string => n !== undefined);
  const first = result.content[0];
  if (notes.length > 0 && first?.type === 'text') first.text = `${first.text}\n\n${notes.join(' ')}`;
  if (next) result._meta = { ...result._meta, [NEXT_META]: next };
  return result;
}
