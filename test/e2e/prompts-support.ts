/**
 * A generated project with prompts (and the tool their completions call) on top of the
 * repo's manifests and specs, for the prompts and completions suites. Not a test file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generate } from '../../generator/index.ts';
import type { ToolRegistry } from '../../runtime/tools/types.ts';
import { makeProject, type TempProject } from '../generator/project.ts';

/** A 1x1 transparent PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** More values than one completion result may hold (100). */
export const MANY = Array.from({ length: 150 }, (_, i) => `region-${String(i).padStart(3, '0')}`);

export const PROMPTS_MANIFEST = `version: 1
api: dta-wide
tools:
  - name: list-my-projects
    description: Lists the signed-in user's projects whose name starts with q.
    authType: user-token
    operation: listUserProjects
resources:
  - name: activity-by-limit
    uriTemplate: dta://fixtures/activity{?limit}
    authType: user-token
    operation: getUserActivity
    variables:
      limit: { enum: ['10', '20', '50'] }
prompts:
  - name: summarise-project
    title: Summarise a project
    description: Asks for a summary of one of the user's projects.
    arguments:
      - name: project
        description: The project to summarise.
        required: true
        complete: { tool: list-my-projects, path: "items[].name", param: q }
      - name: tone
        description: How to write it.
        enum: [brief, detailed, friendly]
    messages:
      - role: user
        text: "Summarise {{project}} in a {{ tone }} tone. Keep $& and $1 as they are."
      - role: user
        image: ./images/logo.png
      - role: assistant
        resource: { uri: "dta://projects/{{project}}/readme", mimeType: text/markdown, text: "# {{project}}" }
  - name: about-and-activity
    description: Embeds this server's about page and the user's recent activity.
    arguments:
      - name: limit
        required: true
    messages:
      - role: user
        resource: dta://about
      - role: user
        resource: "dta://users/me/activity?limit={{limit}}"
  - name: pick-region
    description: Picks a region.
    arguments:
      - name: region
        enum: [${MANY.join(', ')}]
    messages:
      - role: user
        text: "Use {{region}}."
`;

export async function promptsProject(): Promise<{ project: TempProject; registry: ToolRegistry }> {
  const project = makeProject({ files: { 'manifests/prompt-fixtures.yaml': PROMPTS_MANIFEST } });
  mkdirSync(join(project.root, 'manifests', 'images'), { recursive: true });
  writeFileSync(join(project.root, 'manifests', 'images', 'logo.png'), PNG);
  await generate({ root: project.root });
  const mod = (await import(pathToFileURL(join(project.root, 'generated/index.gen.ts')).href)) as { registry: ToolRegistry };
  return { project, registry: mod.registry };
}
