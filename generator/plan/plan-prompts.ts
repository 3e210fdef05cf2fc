/**
 * Manifest prompts, checked and turned into registry entries: every `{{name}}` in a
 * message is an argument of the prompt; a message has exactly one of text, resource or
 * image; images are read now (inside the project only) and embedded as base64; an
 * argument completes from its `enum` or from a tool of the project (`complete`), whose
 * `param` must be one of that tool's arguments.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, extname, isAbsolute, relative, resolve } from 'node:path';
import type { ArgumentCompletion, GeneratedPrompt, GeneratedResourceTemplate, PromptMessageTemplate } from '../../runtime/tools/types.ts';
import { placeholders } from '../../runtime/prompts/template.ts';
import { diagnostic, type Diagnostic, type SourcePosition } from '../diagnostics.ts';
import { didYouMean } from '../did-you-mean.ts';
import type { ManifestComplete, ManifestFile, ManifestPrompt, ManifestPromptMessage } from '../manifest/types.ts';
import type { Project } from '../project.ts';
import type { PromptPlan, ToolPlan } from './types.ts';
import { inputExists, recordFile } from '../cache/inputs.ts';

const IMAGE_TYPES: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
};

export function planPrompts(project: Project, files: readonly ManifestFile[], tools: readonly ToolPlan[]): { prompts: PromptPlan[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const prompts: PromptPlan[] = [];
  const firstSeen = new Map<string, SourcePosition>();
  const toolsByName = new Map(tools.map((t) => [t.name, t]));
  for (const file of files) {
    (file.manifest.prompts ?? []).forEach((prompt, index) => {
      const at = file.source.locate(['prompts', index, 'name']);
      const previous = firstSeen.get(prompt.name);
      if (previous) {
        diagnostics.push(diagnostic('duplicate-prompt-name', at, `prompt name '${prompt.name}' is already used at ${previous.file}:${previous.line}:${previous.column}`));
        return;
      }
      firstSeen.set(prompt.name, at);
      const found: Diagnostic[] = [];
      const entry = planPrompt(project, file, prompt, index, toolsByName, found);
      diagnostics.push(...found);
      if (found.length === 0) prompts.push({ prompt: entry, at, manifestFile: file.file });
    });
  }
  prompts.sort((a, b) => (a.prompt.definition.name < b.prompt.definition.name ? -1 : 1));
  return { prompts, diagnostics };
}

function planPrompt(
  project: Project,
  file: ManifestFile,
  prompt: ManifestPrompt,
  index: number,
  tools: ReadonlyMap<string, ToolPlan>,
  out: Diagnostic[],
): GeneratedPrompt {
  const locate = (path: Array<string | number>, key = false) => file.source.locate(['prompts', index, ...path], { key });
  const names = new Set<string>();
  const completions: Record<string, ArgumentCompletion> = {};
  (prompt.arguments ?? []).forEach((arg, i) => {
    if (names.has(arg.name)) out.push(diagnostic('duplicate-prompt-argument', locate(['arguments', i, 'name']), `prompt '${prompt.name}' declares the argument '${arg.name}' twice`));
    names.add(arg.name);
    const completion = completionFor(arg, `argument '${arg.name}' of prompt '${prompt.name}'`, (path, key) => locate(['arguments', i, ...path], key), tools, out);
    if (completion) completions[arg.name] = completion;
  });

  const messages: PromptMessageTemplate[] = [];
  prompt.messages.forEach((message, i) => {
    const built = planMessage(project, file, prompt.name, message, (path, key) => locate(['messages', i, ...path], key), names, out);
    if (built) messages.push(built);
  });

  const definition: GeneratedPrompt['definition'] = { name: prompt.name };
  if (prompt.title !== undefined) definition.title = prompt.title;
  if (prompt.description !== undefined) definition.description = prompt.description;
  if (prompt.arguments !== undefined) {
    definition.arguments = prompt.arguments.map((a) => ({
      name: a.name,
      ...(a.description !== undefined ? { description: a.description } : {}),
      ...(a.required !== undefined ? { required: a.required } : {}),
    }));
  }
  const entry: GeneratedPrompt = { definition, messages };
  if (Object.keys(completions).length > 0) entry.completions = completions;
  return entry;
}

/** Where one argument's (or URI variable's) completions come from: its `enum`, or a tool of the project. */
function completionFor(
  spec: { enum?: string[]; complete?: ManifestComplete },
  label: string,
  locate: (path: Array<string | number>, key?: boolean) => SourcePosition,
  tools: ReadonlyMap<string, ToolPlan>,
  out: Diagnostic[],
): ArgumentCompletion | undefined {
  if (spec.enum !== undefined && spec.complete !== undefined) {
    out.push(diagnostic('prompt-completion-conflict', locate(['complete'], true), `${label} has both 'enum' and 'complete'; keep one`));
  }
  if (spec.enum !== undefined) return { values: [...spec.enum] };
  if (spec.complete === undefined) return undefined;
  const { tool: toolName, path, param } = spec.complete;
  const tool = tools.get(toolName);
  if (!tool) {
    out.push(diagnostic('completion-tool-unknown', locate(['complete', 'tool']), `completion tool '${toolName}' is not declared in any manifest${didYouMean(toolName, [...tools.keys()])}`));
  } else if (param !== undefined && !Object.hasOwn((tool.definition.inputSchema.properties ?? {}) as object, param)) {
    const known = Object.keys((tool.definition.inputSchema.properties ?? {}) as object);
    out.push(diagnostic('completion-param-unknown', locate(['complete', 'param']), `tool '${toolName}' has no argument '${param}' to receive the typed prefix${didYouMean(param, known)}`));
  }
  return param === undefined ? { tool: toolName, path } : { tool: toolName, path, param };
}

/**
 * Resource templates' `variables`: each one a URI variable of its template, completing
 * from an `enum` or a tool as prompt arguments do; set on the template's registry entry.
 */
export function planTemplateCompletions(files: readonly ManifestFile[], tools: readonly ToolPlan[], templates: ReadonlyArray<{ entry: GeneratedResourceTemplate; manifestFile: string }>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const toolsByName = new Map(tools.map((t) => [t.name, t]));
  for (const file of files) {
    (file.manifest.resources ?? []).forEach((resource, index) => {
      if (resource.variables === undefined) return;
      const located = templates.find((t) => t.manifestFile === file.file && t.entry.name === resource.name);
      const completions: Record<string, ArgumentCompletion> = {};
      for (const [name, variable] of Object.entries(resource.variables)) {
        const locate = (path: Array<string | number>, key = false) => file.source.locate(['resources', index, 'variables', name, ...path], { key });
        if (resource.uriTemplate === undefined || (located && !Object.hasOwn(located.entry.params, name))) {
          const known = located ? Object.keys(located.entry.params) : [];
          out.push(diagnostic('completion-variable-unknown', locate([], true), `'${name}' is not a URI variable of resource '${resource.name}'${didYouMean(name, known)}`));
          continue;
        }
        const completion = completionFor(variable, `variable '${name}' of resource '${resource.name}'`, locate, toolsByName, out);
        if (completion) completions[name] = completion;
      }
      if (located && Object.keys(completions).length > 0) located.entry.completions = completions;
    });
  }
  return out;
}

function planMessage(
  project: Project,
  file: ManifestFile,
  promptName: string,
  message: ManifestPromptMessage,
  locate: (path: Array<string | number>, key?: boolean) => SourcePosition,
  names: ReadonlySet<string>,
  out: Diagnostic[],
): PromptMessageTemplate | undefined {
  const kinds = (['text', 'resource', 'image'] as const).filter((k) => message[k] !== undefined);
  if (kinds.length !== 1) {
    out.push(diagnostic('prompt-message-kind', locate([], true), `a message of prompt '${promptName}' needs exactly one of 'text', 'resource' or 'image'${kinds.length > 1 ? ` (it has ${kinds.join(', ')})` : ''}`));
    return undefined;
  }
  if (message.mimeType !== undefined && message.image === undefined) {
    out.push(diagnostic('prompt-message-kind', locate(['mimeType'], true), `'mimeType' on a prompt message applies to 'image' only`));
  }
  const checkRefs = (text: string, path: Array<string | number>) => {
    for (const name of placeholders(text)) {
      if (!names.has(name)) {
        out.push(diagnostic('prompt-argument-unknown', locate(path), `'{{${name}}}' in prompt '${promptName}' is not one of its arguments${didYouMean(name, [...names])}`));
      }
    }
  };
  const { role } = message;
  if (message.text !== undefined) {
    checkRefs(message.text, ['text']);
    return { role, text: message.text };
  }
  if (message.resource !== undefined) {
    if (typeof message.resource === 'string') {
      checkRefs(message.resource, ['resource']);
      return { role, resource: { uri: message.resource } };
    }
    checkRefs(message.resource.uri, ['resource', 'uri']);
    checkRefs(message.resource.text, ['resource', 'text']);
    const resource = { uri: message.resource.uri, mimeType: message.resource.mimeType ?? 'text/plain', text: message.resource.text };
    return { role, resource };
  }
  const image = readImage(project, file, message.image ?? '', message.mimeType, locate(['image']), out);
  return image ? { role, image } : undefined;
}

/** The image file as base64, confined to the project root (symlinks resolved). */
function readImage(project: Project, file: ManifestFile, ref: string, mimeType: string | undefined, at: SourcePosition, out: Diagnostic[]): { data: string; mimeType: string } | undefined {
  const path = resolve(dirname(file.path), ref);
  const outside = (abs: string, root: string) => {
    const rel = relative(root, abs);
    return rel.startsWith('..') || isAbsolute(rel);
  };
  const refuse = () => out.push(diagnostic('prompt-image-outside', at, `image ${ref} is outside the project root; keep prompt images inside the project`));
  // Checked before looking at the file, so nothing outside the project is even probed.
  if (outside(path, project.root)) return void refuse();
  if (!inputExists(path)) {
    out.push(diagnostic('prompt-image-not-found', at, `image ${ref} does not exist (looked for ${project.rel(path)})`));
    return undefined;
  }
  // A symlink inside the project may still lead out of it.
  const real = realpathSync(path);
  if (outside(real, realpathSync(project.root))) return void refuse();
  const type = mimeType ?? IMAGE_TYPES[extname(path).toLowerCase()];
  if (type === undefined) {
    out.push(diagnostic('prompt-image-type', at, `cannot tell the media type of image ${ref} from its extension; add 'mimeType' (image/png, image/jpeg...)`));
    return undefined;
  }
  const bytes = readFileSync(real);
  recordFile(path, bytes);
  return { data: bytes.toString('base64'), mimeType: type };
}
