/**
 * prompts/list and prompts/get for manifest prompts: each message's `{{argument}}` is
 * filled in with the caller's arguments; images are embedded as generated; a resource
 * message is inline text, or read by URI through the tool set's `readResource` (the
 * resources feature) with the caller's identity. A missing required argument, a value
 * outside an `enum` and an unknown prompt are invalid params (-32602).
 * @see https://modelcontextprotocol.io/specification/2025-06-18/server/prompts
 */
import {
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  McpError,
  type GetPromptResult,
  type PromptMessage,
} from '@modelcontextprotocol/sdk/types.js';
import { fillTemplate } from '../../prompts/template.ts';
import type { GeneratedPrompt, PromptMessageTemplate } from '../../tools/types.ts';
import { requestIdFrom } from '../request-id.ts';
import type { ResourceCaller, ToolSet } from '../tool-set.ts';
import type { ServerFeature } from './types.ts';

export const promptsFeature: ServerFeature = {
  // The SDK refuses handlers for capabilities not announced, so a server without
  // prompts neither announces nor registers them.
  capabilities: (deps) => (deps.tools().prompts?.length ? { prompts: { listChanged: true } } : {}),
  register(server, deps) {
    if (!deps.tools().prompts?.length) return;
    server.setRequestHandler(ListPromptsRequestSchema, () => ({
      prompts: (deps.tools().prompts ?? []).map((p) => p.definition),
    }));

    server.setRequestHandler(GetPromptRequestSchema, async (request, extra) => {
      const set = deps.tools();
      const prompt = set.prompts?.find((p) => p.definition.name === request.params.name);
      if (!prompt) throw new McpError(ErrorCode.InvalidParams, `Unknown prompt: ${request.params.name}`);
      const args = checkArguments(prompt, request.params.arguments ?? {});
      const caller: ResourceCaller = {
        identity: deps.identity.resolve({ transport: deps.transport, authInfo: extra.authInfo }),
        network: deps.transport === 'http',
        requestId: requestIdFrom(extra.requestInfo?.headers['x-request-id']),
        signal: extra.signal,
      };
      const messages: PromptMessage[] = [];
      for (const template of prompt.messages) messages.push(...(await render(template, args, set, caller)));
      const result: GetPromptResult = { messages };
      if (prompt.definition.description !== undefined) result.description = prompt.definition.description;
      return result;
    });
  },
};

/** The arguments the prompt declares, checked: required ones present, enum values allowed. */
function checkArguments(prompt: GeneratedPrompt, given: Readonly<Record<string, string>>): Record<string, string> {
  const name = prompt.definition.name;
  const args: Record<string, string> = {};
  for (const arg of prompt.definition.arguments ?? []) {
    const value = Object.hasOwn(given, arg.name) ? given[arg.name] : undefined;
    if (value === undefined) {
      if (arg.required) throw new McpError(ErrorCode.InvalidParams, `Prompt "${name}" needs the argument "${arg.name}".`);
      continue;
    }
    const allowed = prompt.completions?.[arg.name]?.values;
    if (allowed && !allowed.includes(value)) {
      throw new McpError(ErrorCode.InvalidParams, `Argument "${arg.name}" of prompt "${name}" must be one of: ${allowed.join(', ')}.`);
    }
    args[arg.name] = value;
  }
  return args;
}

async function render(template: PromptMessageTemplate, args: Record<string, string>, set: ToolSet, caller: ResourceCaller): Promise<PromptMessage[]> {
  const { role } = template;
  if ('text' in template) return [{ role, content: { type: 'text', text: fillTemplate(template.text, args) } }];
  if ('image' in template) return [{ role, content: { type: 'image', data: template.image.data, mimeType: template.image.mimeType } }];
  const uri = fillTemplate(template.resource.uri, args);
  if (template.resource.text !== undefined) {
    const resource = { uri, mimeType: template.resource.mimeType ?? 'text/plain', text: fillTemplate(template.resource.text, args) };
    return [{ role, content: { type: 'resource', resource } }];
  }
  if (!set.readResource) {
    throw new McpError(ErrorCode.InternalError, `This server cannot read the resource ${uri} that the prompt embeds.`);
  }
  const read = await set.readResource(uri, caller);
  return read.contents.map((resource) => ({ role, content: { type: 'resource', resource } }));
}
