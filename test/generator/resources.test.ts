/**
 * Manifest `resources:` through `generate`: static content embedded at generate time
 * (text as text, binary as base64), templates with their variables resolved onto the
 * operation's parameters (`map` renames), and the located errors when they are not.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.ts';
import { ManifestError } from '../../generator/errors.ts';
import { makeProject, type TempProject } from './project.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

/** A small spec of its own, so the test does not move with the seed's. */
const SPEC = `openapi: 3.1.0
info: { title: Activity, version: '1' }
servers: [{ url: 'http://127.0.0.1:4010' }]
components:
  securitySchemes:
    bearer: { type: http, scheme: bearer }
security: [{ bearer: [] }]
paths:
  /user/activity:
    get:
      operationId: getUserActivity
      parameters:
        - { name: startDate, in: query, schema: { type: string } }
        - { name: limit, in: query, schema: { type: integer } }
      responses:
        '200':
          description: The log.
          content:
            application/json:
              schema: { type: object, properties: { count: { type: integer } } }
  /user/settings:
    put:
      operationId: updateUserSettings
      requestBody:
        content:
          application/json:
            schema: { type: object }
      responses:
        '200': { description: Saved. }
`;

const MANIFEST = `version: 1
api: activity
resources:
  - name: logo
    uri: dta://logo
    file: ./assets/logo.png
  - name: notes
    uri: dta://notes
    text: Plain notes.
    subscribe: { webhook: /hooks/notes }
  - name: activity-since
    uriTemplate: dta://activity/{from}{?limit}
    authType: user-token
    operation: GET /user/activity
    map: { from: query.startDate }
    subscribe: { pollSeconds: 30 }
`;

function withLogo(p: TempProject): TempProject {
  p.write('manifests/assets/logo.png', '');
  writeFileSync(join(p.root, 'manifests', 'assets', 'logo.png'), PNG);
  return p;
}

async function problems(manifest: string): Promise<Array<{ ruleId: string; line: number; column: number; message: string }>> {
  const p = withLogo(makeProject({ seedManifests: false, seedSpecs: false, files: { 'openapi/activity.yaml': SPEC, 'manifests/resources.yaml': manifest } }));
  try {
    await generate({ root: p.root, skipTypecheck: true });
    return [];
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    return error.diagnostics.filter((d) => d.severity === 'error');
  } finally {
    p.remove();
  }
}

describe('a manifest with resources and no tools', () => {
  let p: TempProject;
  let registry: string;
  beforeAll(async () => {
    p = withLogo(makeProject({ seedManifests: false, seedSpecs: false, files: { 'openapi/activity.yaml': SPEC, 'manifests/resources.yaml': MANIFEST } }));
    await generate({ root: p.root }); // type-checks the output
    registry = p.read('generated/index.gen.ts');
  });
  afterAll(() => p.remove());

  it('embeds a binary file as a base64 blob with the type its extension names', () => {
    expect(registry).toContain(`"blob": "${PNG.toString('base64')}"`);
    expect(registry).toContain('"mimeType": "image/png"');
  });

  it('keeps inline text and the webhook that signals it', () => {
    expect(registry).toContain('"text": "Plain notes."');
    expect(registry).toContain('"webhook": "/hooks/notes"');
  });

  it("resolves a template's variables onto the operation's parameters, map included", () => {
    expect(registry).toMatch(/"from": \{\s*"in": "query",\s*"name": "startDate"\s*\}/);
    expect(registry).toMatch(/"limit": \{\s*"in": "query",\s*"name": "limit"\s*\}/);
    expect(registry).toContain('"pollSeconds": 30');
    expect(registry).toContain('"path": "/user/activity"');
  });

  it('still writes the API the template reads from', () => {
    expect(registry).toContain('"activity": {');
  });
});

describe('resource errors, located in the manifest', () => {
  it('names a template variable that is no parameter of the operation, at the template', async () => {
    const found = await problems(MANIFEST.replace('{?limit}', '{?limit,colour}'));
    expect(found).toEqual([expect.objectContaining({ ruleId: 'resource-variable-unknown', line: 12, column: 18 })]);
    expect(found[0]?.message).toContain("'colour'");
  });

  it('names a map target that is no parameter, at the map entry', async () => {
    const found = await problems(MANIFEST.replace('query.startDate', 'query.since'));
    expect(found).toEqual([expect.objectContaining({ ruleId: 'resource-variable-unknown', line: 15, column: 18 })]);
  });

  it('refuses a resource with both file and text', async () => {
    const found = await problems(MANIFEST.replace('    text: Plain notes.\n', '    text: Plain notes.\n    file: ./notes.txt\n'));
    expect(found).toEqual([expect.objectContaining({ ruleId: 'resource-kind', line: 9, column: 5 })]);
  });

  it('refuses a template over an operation that is not a GET', async () => {
    const found = await problems(MANIFEST.replace('GET /user/activity', 'updateUserSettings').replace('    map: { from: query.startDate }\n', ''));
    expect(found.map((d) => d.ruleId)).toContain('resource-template-invalid');
  });

  it("needs a template's authType, or the file's default", async () => {
    const without = MANIFEST.replace('    authType: user-token\n', '');
    expect(await problems(without)).toEqual([expect.objectContaining({ ruleId: 'schema-required', line: 11, column: 5 })]);
    expect(await problems(without.replace('api: activity\n', 'api: activity\nauthType: service-account\n'))).toEqual([]);
  });

  it('refuses a manifest that declares nothing', async () => {
    const found = await problems('version: 1\napi: activity\n');
    expect(found).toEqual([expect.objectContaining({ ruleId: 'schema-required' })]);
  });
});
