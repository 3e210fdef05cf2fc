/**
 * Manifest prompts are checked before anything is generated: every `{{name}}` is one of
 * the prompt's arguments, a message has one kind, images exist inside the project, and
 * a completion names a tool that exists and an argument of it. Each problem is one
 * located error with its own rule id.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validate } from '../../generator/validate.ts';
import { makeProject, type TempProject } from '../generator/project.ts';

const HEAD = `version: 1
api: dta-wide
tools:
  - name: list-my-projects
    description: Lists the signed-in user's projects whose name starts with q.
    authType: user-token
    operation: listUserProjects
prompts:
  - name: summarise
    description: Summarises a project.
    arguments:
      - name: project
        required: true
`;

/** Line 14 onwards: what the case adds to the prompt (at its indentation). */
const prompt = (rest: string) => `${HEAD}${rest}`;

interface Want {
  ruleId: string;
  line: number;
  column: number;
  message: string;
}

const cases: Array<[string, { given: string; want: Want }]> = [
  [
    'a placeholder that is not an argument',
    {
      given: prompt(`    messages:\n      - role: user\n        text: "Summarise {{projet}}"\n`),
      want: { ruleId: 'prompt-argument-unknown', line: 16, column: 15, message: "'{{projet}}' in prompt 'summarise' is not one of its arguments (did you mean 'project'?)" },
    },
  ],
  [
    'a placeholder in a resource URI that is not an argument',
    {
      given: prompt(`    messages:\n      - role: user\n        resource: "dta://x/{{owner}}"\n`),
      want: { ruleId: 'prompt-argument-unknown', line: 16, column: 19, message: "'{{owner}}' in prompt 'summarise' is not one of its arguments" },
    },
  ],
  [
    'a message with both text and an image',
    {
      given: prompt(`    messages:\n      - role: user\n        text: hi\n        image: ./logo.png\n`),
      want: { ruleId: 'prompt-message-kind', line: 15, column: 9, message: "a message of prompt 'summarise' needs exactly one of 'text', 'resource' or 'image' (it has text, image)" },
    },
  ],
  [
    'an image that does not exist',
    {
      given: prompt(`    messages:\n      - role: user\n        image: ./missing.png\n`),
      want: { ruleId: 'prompt-image-not-found', line: 16, column: 16, message: 'image ./missing.png does not exist (looked for manifests/missing.png)' },
    },
  ],
  [
    'an image outside the project',
    {
      given: prompt(`    messages:\n      - role: user\n        image: ../../outside.png\n`),
      want: { ruleId: 'prompt-image-outside', line: 16, column: 16, message: 'image ../../outside.png is outside the project root; keep prompt images inside the project' },
    },
  ],
  [
    'a completion from a tool that does not exist',
    {
      given: prompt(`        complete: { tool: list-my-project, path: "items[].name" }\n    messages:\n      - { role: user, text: "{{project}}" }\n`),
      want: { ruleId: 'completion-tool-unknown', line: 14, column: 27, message: "completion tool 'list-my-project' is not declared in any manifest (did you mean 'list-my-projects'?)" },
    },
  ],
  [
    'a completion prefix sent to an argument the tool does not have',
    {
      given: prompt(`        complete: { tool: list-my-projects, path: "items[].name", param: query }\n    messages:\n      - { role: user, text: "{{project}}" }\n`),
      want: { ruleId: 'completion-param-unknown', line: 14, column: 74, message: "tool 'list-my-projects' has no argument 'query' to receive the typed prefix (did you mean 'q'?)" },
    },
  ],
  [
    'an argument with both enum and complete',
    {
      given: prompt(`        enum: [a, b]\n        complete: { tool: list-my-projects, path: "items[].name" }\n    messages:\n      - { role: user, text: "{{project}}" }\n`),
      want: { ruleId: 'prompt-completion-conflict', line: 15, column: 9, message: "argument 'project' of prompt 'summarise' has both 'enum' and 'complete'; keep one" },
    },
  ],
];

describe('prompts in a manifest', () => {
  const projects: TempProject[] = [];
  afterAll(() => projects.forEach((p) => p.remove()));

  const project = (manifest: string) => {
    const p = makeProject({ seedManifests: false, files: { 'manifests/prompts.yaml': manifest } });
    projects.push(p);
    return p;
  };

  it.each(cases)('%s is one located error', async (_name, { given, want }) => {
    const p = project(given);
    const found = (await validate({ root: p.root })).filter((d) => d.severity === 'error');
    expect(found.map(({ ruleId, file, line, column, message }) => ({ ruleId, file, line, column, message }))).toEqual([{ file: 'manifests/prompts.yaml', ...want }]);
  });

  it('accepts a prompt with text, an image inside the project, an inline resource and completions', async () => {
    const p = project(
      prompt(
        `        complete: { tool: list-my-projects, path: "items[].name", param: q }\n      - name: tone\n        enum: [brief, long]\n    messages:\n      - { role: user, text: "Summarise {{project}}, {{ tone }}." }\n      - { role: user, image: ./images/logo.png }\n      - role: assistant\n        resource: { uri: "dta://p/{{project}}", text: "{{project}}" }\n`,
      ),
    );
    mkdirSync(join(p.root, 'manifests', 'images'));
    writeFileSync(join(p.root, 'manifests', 'images', 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    expect((await validate({ root: p.root })).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('refuses an image that is a symlink leading out of the project, without reading it', async () => {
    const p = project(prompt(`    messages:\n      - { role: user, text: "{{project}}" }\n      - { role: user, image: ./images/logo.png }\n`));
    const outside = mkdtempSync(join(tmpdir(), 'dta-mcp-outside-'));
    writeFileSync(join(outside, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    mkdirSync(join(p.root, 'manifests', 'images'));
    symlinkSync(join(outside, 'logo.png'), join(p.root, 'manifests', 'images', 'logo.png'));
    const found = (await validate({ root: p.root })).filter((d) => d.severity === 'error');
    rmSync(outside, { recursive: true });
    expect(found).toMatchObject([{ ruleId: 'prompt-image-outside', line: 16 }]);
  });

  it('refuses a prompt name used twice across files', async () => {
    const p = project(prompt(`    messages:\n      - { role: user, text: "{{project}}" }\n`));
    p.write('manifests/more.yaml', `version: 1\nprompts:\n  - name: summarise\n    messages:\n      - { role: user, text: hi }\n`);
    const found = (await validate({ root: p.root })).filter((d) => d.severity === 'error');
    expect(found).toMatchObject([{ ruleId: 'duplicate-prompt-name', file: 'manifests/prompts.yaml', line: 9 }]);
  });
});
