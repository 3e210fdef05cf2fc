/**
 * Temp projects on GitHub's REST API description: `openapi/github.ref` names the spec
 * inside the `@octokit/openapi` package (resolved through the linked node_modules), so
 * no test copies 13 MB. Not a test file: imported by the suites.
 */
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeProject, REPO, type TempProject } from '../generator/project.ts';

export const GITHUB_REF = '@octokit/openapi/generated/api.github.com.json\n';
export const EXAMPLE = join(REPO, 'examples', 'github');

/** An empty project (no manifests) whose `github` API is the GitHub spec. */
export function githubProject(files: Record<string, string> = {}): TempProject {
  return makeProject({ seedManifests: false, seedSpecs: false, files: { 'openapi/github.ref': GITHUB_REF, ...files } });
}

/** A temp copy of examples/github (manifests and the spec pointer; never its generated/). */
export function exampleCopy(): TempProject {
  const p = githubProject();
  for (const name of readdirSync(join(EXAMPLE, 'manifests'))) cpSync(join(EXAMPLE, 'manifests', name), join(p.root, 'manifests', name));
  cpSync(join(EXAMPLE, 'openapi', 'github.ref'), join(p.root, 'openapi', 'github.ref'));
  return p;
}

/** Runs `fn` with process.stdout/stderr writes captured (CLI commands write there). */
export async function captured<T>(fn: () => Promise<T>): Promise<{ value: T; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  try {
    return { value: await fn(), stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}
