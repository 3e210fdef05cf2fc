/**
 * Manifest `confirm` -> what the runtime asks before the tool acts (mcp/elicitation/confirm.ts).
 * The question defaults from the tool's title, and says the action cannot be undone when
 * the tool is destructive (its annotations, after the method's defaults).
 */
import type { ToolConfirmation, ToolDefinition } from '../../runtime/tools/types.ts';
import type { ManifestTool } from '../manifest/types.ts';

export function planConfirm(tool: ManifestTool, definition: ToolDefinition): ToolConfirmation | undefined {
  const confirm = tool.confirm;
  if (confirm === undefined || confirm === false) return undefined;
  const options = confirm === true ? {} : confirm;
  const name = definition.title ?? definition.name;
  const destructive = definition.annotations?.destructiveHint === true;
  const message = options.message ?? `Run "${name}"?${destructive ? ' This cannot be undone.' : ''}`;
  return options.required ? { message, required: true } : { message };
}
