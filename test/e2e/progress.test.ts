/**
 * Progress: a tools/call that carries a progress token gets `notifications/progress`
 * while the upstream call runs (at its start and its end at least), received by a real
 * SDK client's `onprogress`, in memory and over Streamable HTTP; a call without a token
 * gets none.
 * @see https://modelcontextprotocol.io/specification/2025-06-18/basic/utilities/progress
 */
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpHandle } from '../../runtime/transports/http.ts';
import { connectHttp, serveOverHttp, startHarness, textOf, type Harness } from './support.ts';
import { connectRecording } from './session-support.ts';

let h: Harness;
let http: HttpHandle;
beforeAll(async () => {
  h = await startHarness();
  http = await serveOverHttp(h.runtime);
});
afterAll(async () => {
  await http.close();
  await h.close();
});

function expectStartToEnd(progress: Progress[]): void {
  expect(progress.length).toBeGreaterThanOrEqual(2);
  expect(progress[0]).toMatchObject({ progress: 0, message: 'Calling GET /user/profile' });
  const last = progress.at(-1)!;
  expect(last).toMatchObject({ progress: last.total, message: 'Done: GET /user/profile' });
  for (let i = 1; i < progress.length; i++) expect(progress[i]!.progress).toBeGreaterThan(progress[i - 1]!.progress);
}

describe('progress', () => {
  it('an upstream call with a progress token reports its start and end to onprogress', async () => {
    const { client } = await connectRecording(h.runtime);
    const progress: Progress[] = [];
    const result = await client.callTool({ name: 'get-user-profile', arguments: {} }, undefined, { onprogress: (p) => progress.push(p) });
    expect(result.isError).toBeFalsy();
    expectStartToEnd(progress);
    await client.close();
  });

  it('over Streamable HTTP the progress arrives on the call\'s stream', async () => {
    const client = await connectHttp(http.url);
    const progress: Progress[] = [];
    const result = await client.callTool({ name: 'get-user-profile', arguments: {} }, undefined, { onprogress: (p) => progress.push(p) });
    expect(textOf(result)).toContain('"id": "alice"');
    expectStartToEnd(progress);
    await client.close();
  });

  it('a failed upstream call still reports its end', async () => {
    const { client } = await connectRecording(h.runtime);
    h.sandbox.faults.alwaysUnauthorized = true;
    const progress: Progress[] = [];
    const result = await client.callTool({ name: 'get-user-profile', arguments: {} }, undefined, { onprogress: (p) => progress.push(p) });
    h.sandbox.faults.alwaysUnauthorized = false;
    expect(result.isError).toBe(true);
    expectStartToEnd(progress);
    await client.close();
  });

  it('a call without a progress token gets no progress notifications', async () => {
    const { client, notifications } = await connectRecording(h.runtime);
    await client.callTool({ name: 'get-user-profile', arguments: {} });
    expect(notifications('notifications/progress')).toEqual([]);
    await client.close();
  });
});
