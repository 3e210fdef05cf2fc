/**
 * completion/complete for prompt arguments: enum values that start with what was typed,
 * and values from a tool of the project called upstream with the caller's own token,
 * capped at 100 with hasMore.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TempProject } from '../generator/project.ts';
import { MANY, promptsProject } from './prompts-support.ts';
import { connectInMemory, startHarness, type Harness } from './support.ts';

let project: TempProject;
let h: Harness;
let client: Client;

beforeAll(async () => {
  const built = await promptsProject();
  project = built.project;
  h = await startHarness({ registry: built.registry });
  client = await connectInMemory(h.runtime);
}, 120_000);

afterAll(async () => {
  await client?.close();
  await h?.close();
  project?.remove();
});

beforeEach(() => h.sandbox.reset());

const complete = (name: string, argument: string, value: string) =>
  client.complete({ ref: { type: 'ref/prompt', name }, argument: { name: argument, value } });

describe('completions for prompt arguments', () => {
  it('announces the completions capability', () => {
    expect(client.getServerCapabilities()?.completions).toEqual({});
  });

  it('offers the enum values that start with what was typed, ignoring case', async () => {
    const { completion } = await complete('summarise-project', 'tone', 'B');
    expect(completion).toEqual({ values: ['brief'], total: 1, hasMore: false });
  });

  it('offers every enum value for an empty prefix, and nothing that upstream was asked for', async () => {
    const { completion } = await complete('summarise-project', 'tone', '');
    expect(completion.values).toEqual(['brief', 'detailed', 'friendly']);
    expect(h.sandbox.requests).toHaveLength(0);
  });

  it("asks the declared tool's operation with the caller's token and the prefix, and offers the names it returns", async () => {
    const { completion } = await complete('summarise-project', 'project', 'd');
    expect(completion.values).toEqual(['data-lake', 'design-system', 'dta-mcp', 'dta-portal']);
    const [request] = h.sandbox.requests;
    expect(request).toMatchObject({ method: 'GET', path: '/user/projects', query: { q: 'd' } });
    expect(request?.headers.authorization).toBe(`Bearer ${h.userToken}`);
    expect(request?.auth).toMatchObject({ kind: 'user', sub: 'alice' });
  });

  it("offers the caller's own projects", async () => {
    const { completion } = await complete('summarise-project', 'project', 'al');
    expect(completion.values).toEqual(['alice-notes']);
  });

  it('offers nothing when the operation fails upstream', async () => {
    h.sandbox.faults.alwaysUnauthorized = true;
    const { completion } = await complete('summarise-project', 'project', 'd');
    expect(completion).toEqual({ values: [], total: 0, hasMore: false });
  });

  it('caps the values at 100 and says there are more', async () => {
    const { completion } = await complete('pick-region', 'region', 'region-');
    expect(completion.values).toEqual(MANY.slice(0, 100));
    expect(completion.total).toBe(150);
    expect(completion.hasMore).toBe(true);
  });

  it('offers nothing for an argument without completions', async () => {
    const { completion } = await complete('summarise-project', 'nope', 'x');
    expect(completion.values).toEqual([]);
  });

  it("offers a resource template variable's enum values for ref/resource", async () => {
    const { completion } = await client.complete({ ref: { type: 'ref/resource', uri: 'dta://fixtures/activity{?limit}' }, argument: { name: 'limit', value: '' } });
    expect(completion.values).toEqual(['10', '20', '50']);
  });

  it('offers nothing for a resource template without completions', async () => {
    const { completion } = await client.complete({ ref: { type: 'ref/resource', uri: 'dta://users/me/activity{?startDate,endDate,limit}' }, argument: { name: 'limit', value: '' } });
    expect(completion.values).toEqual([]);
  });

  it('refuses an unknown prompt as invalid params', async () => {
    const error = await complete('no-such-prompt', 'x', '').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(ErrorCode.InvalidParams);
  });
});
