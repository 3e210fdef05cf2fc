/**
 * Tools declared with `confirm` ask the user before they act, through form elicitation:
 * one boolean `confirm` field under the tool's message. Accepted and ticked: the call
 * goes ahead. Declined, cancelled or unticked: nothing is sent upstream, and the model is
 * told the user declined (not an error: the tool did what the user wanted).
 *
 * A client that cannot elicit: the call goes ahead, since the client's own tool-approval
 * step is where MCP puts the human in the loop, unless the manifest says
 * `confirm: { required: true }`, which refuses the call instead.
 * @see https://modelcontextprotocol.io/specification/2025-06-18/client/elicitation
 * @see https://modelcontextprotocol.io/specification/2025-06-18/server/tools#security-considerations
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../../observability/logger.ts';
import type { GeneratedTool } from '../../tools/types.ts';
import type { ClientSession } from '../client-session.ts';

/** Undefined: go ahead. Otherwise the result to return without calling the tool. */
export async function confirmCall(
  tool: GeneratedTool,
  args: unknown,
  session: ClientSession | undefined,
  log: Logger,
): Promise<CallToolResult | undefined> {
  const confirm = tool.confirm;
  if (!confirm) return undefined;
  const name = tool.definition.title ?? tool.definition.name;
  if (!session?.canElicit('form')) {
    if (!confirm.required) return undefined;
    return refusal(`"${name}" needs the user's confirmation, and this client cannot ask for it (no elicitation support); nothing was done.`);
  }
  try {
    const answer = await session.elicit({
      mode: 'form',
      message: `${confirm.message}\n\n${summary(args)}`.trim(),
      requestedSchema: {
        type: 'object',
        properties: { confirm: { type: 'boolean', title: 'Confirm', description: `Run "${name}"`, default: false } },
        required: ['confirm'],
      },
    });
    if (answer.action === 'accept' && answer.content?.confirm === true) return undefined;
    log.info({ action: answer.action }, 'tool call not confirmed');
    return { content: [{ type: 'text', text: `The user declined "${name}"; nothing was done.` }] };
  } catch (error) {
    log.warn({ errName: error instanceof Error ? error.name : 'unknown' }, 'confirmation elicitation failed');
    return refusal(`The user's confirmation for "${name}" could not be obtained; nothing was done.`);
  }
}

/** The arguments as the user sees them under the question (bounded). */
function summary(args: unknown): string {
  if (!args || typeof args !== 'object' || Object.keys(args).length === 0) return '';
  const text = JSON.stringify(args);
  return `Arguments: ${text.length > 500 ? `${text.slice(0, 500)}…` : text}`;
}

function refusal(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}
