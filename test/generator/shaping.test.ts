/**
 * Manifest `response` and `pagination` on upstream tools: planned with their defaults,
 * emitted on the tool's generated object (type-checked), a select/drop tool publishes no
 * output schema, and a pagination parameter that is not an argument is a located error.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../generator/analyze.ts';
import { generate } from '../../generator/generate.ts';
import type { UpstreamPlan } from '../../generator/plan/types.ts';
import type { UpstreamTool } from '../../runtime/tools/types.ts';
import { makeProject, type TempProject } from './project.ts';

const EVENTS = `version: 1
api: dta-wide
tools:
  - name: list-my-events
    description: The signed-in user's events, newest first, in pages.
    authType: user-token
    operation: listUserEvents
    response: { maxItems: 20, drop: ["[].payload"] }
    pagination: { style: link }
  - name: activity-selected
    description: The signed-in user's activity, ids and count only.
    authType: user-token
    operation: getUserActivity
    response: { select: ["entries[].id", "count"] }
  - name: activity-capped
    description: The signed-in user's activity, at most five entries.
    authType: user-token
    operation: getUserActivity
    response: { maxItems: 5 }
`;

const plans = (root: string) => new Map(analyze(root).plan.tools.map((t) => [t.name, t as UpstreamPlan]));

describe('manifest response and pagination', () => {
  let p: TempProject;

  beforeAll(() => {
    p = makeProject({ files: { 'manifests/events.yaml': EVENTS } });
  });
  afterAll(() => p.remove());

  it('plans link pagination with its default parameters', () => {
    expect(plans(p.root).get('list-my-events')?.pagination).toEqual({ style: 'link', pageParam: 'page', perPageParam: 'per_page' });
  });

  it('keeps the output schema of a tool that only caps lists, and drops it for select or drop', () => {
    const all = plans(p.root);
    expect(all.get('activity-capped')?.definition.outputSchema).toBeDefined();
    expect(all.get('activity-capped')?.response).toEqual({ maxItems: 5 });
    expect(all.get('activity-selected')?.definition.outputSchema).toBeUndefined();
  });

  it('emits response and pagination on the generated tool, and the output type-checks', async () => {
    await generate({ root: p.root });
    const { tool } = (await import(pathToFileURL(join(p.root, 'generated/tools/list-my-events.gen.ts')).href)) as { tool: UpstreamTool };
    expect(tool.response).toEqual({ maxItems: 20, drop: ['[].payload'] });
    expect(tool.pagination).toEqual({ style: 'link', pageParam: 'page', perPageParam: 'per_page' });
    expect(p.read('generated/tools/get-user-profile.gen.ts')).not.toMatch(/response:|pagination:/);
  }, 120_000);

  it.each([
    ['a page parameter that is not an argument', 'pagination: { style: link }', 'pagination: { style: page, pageParam: pg }', 'map-unknown-argument'],
    ['cursor style without cursorPath', 'pagination: { style: link }', 'pagination: { style: cursor }', 'schema-required'],
    ['an unknown response key', 'response: { maxItems: 20, drop: ["[].payload"] }', 'response: { maxItem: 3 }', 'schema-unknown-key'],
  ])('refuses %s', (_what, from, to, rule) => {
    const q = makeProject({ files: { 'manifests/events.yaml': EVENTS.replace(from, to) } });
    try {
      const problems = analyze(q.root).diagnostics.filter((d) => d.severity === 'error');
      expect(problems.map((d) => d.ruleId)).toContain(rule);
      expect(problems.find((d) => d.ruleId === rule)?.file).toBe('manifests/events.yaml');
    } finally {
      q.remove();
    }
  });
});
