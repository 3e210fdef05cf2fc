/**
 * The generate cache (generated/.cache/): an unchanged project is answered from the
 * hashes of what the last run read and wrote, without analysing or type-checking; any
 * changed input (manifest, spec, handler module, the runtime contract the type-check
 * reads, the generator itself) or any edited output runs the real thing.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { generatorFingerprint } from '../../generator/cache/fingerprint.ts';
import { CACHE_FILE } from '../../generator/cache/record.ts';
import { GeneratedTypeError } from '../../generator/errors.ts';
import { generate } from '../../generator/generate.ts';
import type { Progress } from '../../generator/progress.ts';
import { makeProject, REPO, type TempProject } from './project.ts';

const projects: TempProject[] = [];
afterAll(() => projects.forEach((p) => p.remove()));

/**
 * A seed project generated once, so its cache is written. Tests not about the
 * type-check skip it (`fast`) in every run, to keep the suite quick.
 */
const fast = { skipTypecheck: true } as const;
async function generated(options: { skipTypecheck?: boolean } = {}): Promise<TempProject> {
  const p = makeProject();
  projects.push(p);
  const first = await generate({ root: p.root, ...options });
  expect(first.cache).toBe('none');
  return p;
}

/** The phases a run reported. */
function phases(): Progress & { seen: string[] } {
  const seen: string[] = [];
  return { seen, phase: (label) => seen.push(label), tick() {}, done() {} };
}

describe('generate cache', () => {
  it('answers an unchanged project from the cache: nothing analysed, rendered or type-checked', async () => {
    const p = await generated();
    const progress = phases();
    const again = await generate({ root: p.root, progress });
    expect(again.cache).toBe('outputs');
    expect(progress.seen).toEqual([]);
    expect({ changed: again.changed, added: again.added, removed: again.removed, upToDate: again.upToDate }).toEqual({ changed: [], added: [], removed: [], upToDate: true });
    expect(again.files).toContain('generated/index.gen.ts');
  });

  it('reports the same warnings from the cache as the run that wrote it', async () => {
    // authType none on an operation that requires security: a warning, not an error.
    const manifest = 'version: 1\napi: dta-wide\ntools:\n  - name: anonymous-profile\n    description: The user profile, asked for without credentials.\n    authType: none\n    operation: getUserProfile\n';
    const p = makeProject({ files: { 'manifests/anonymous.yaml': manifest } });
    projects.push(p);
    const first = await generate({ root: p.root });
    expect(first.diagnostics.map((d) => d.ruleId)).toContain('security-without-auth');
    const again = await generate({ root: p.root });
    expect(again.cache).toBe('outputs');
    expect(again.diagnostics).toEqual(first.diagnostics);
  });

  it('runs again when a manifest changes', async () => {
    const p = await generated(fast);
    p.write('manifests/dta-wide.yaml', p.read('manifests/dta-wide.yaml').replace("Returns the signed-in user's", "Returns the current user's"));
    const again = await generate({ root: p.root, ...fast });
    expect(again.cache).toBe('none');
    expect(again.changed.length).toBeGreaterThan(0);
  });

  it('runs again when a manifest file is added', async () => {
    const p = await generated(fast);
    p.write('manifests/more.yaml', 'version: 1\napi: dta-wide\ntools:\n  - name: profile-too\n    description: The signed-in user profile, once more.\n    authType: user-token\n    operation: getUserProfile\n');
    const again = await generate({ root: p.root, ...fast });
    expect(again.cache).toBe('none');
    expect(again.added).toContain('generated/tools/profile-too.gen.ts');
  });

  it('runs again when a byte of the spec changes, even one that changes no output', async () => {
    const p = await generated(fast);
    p.write('openapi/dta-wide.yaml', `${p.read('openapi/dta-wide.yaml')}\n# a comment\n`);
    const again = await generate({ root: p.root, ...fast });
    expect(again.cache).not.toBe('outputs');
    expect(again.changed).toEqual([]);
  });

  it('runs again when a local handler module changes', async () => {
    const p = await generated(fast);
    p.write('manifests/handlers/current-time.ts', `${p.read('manifests/handlers/current-time.ts')}\nexport const extra = 1;\n`);
    const again = await generate({ root: p.root, ...fast });
    expect(again.cache).toBe('none');
    expect(again.changed).toContain('generated/handlers/manifests/handlers/current-time.gen.js');
  });

  it('never hides a type error: a changed runtime contract is type-checked again', async () => {
    const p = await generated();
    const contract = 'runtime/tools/types.ts';
    p.write(contract, p.read(contract).replace('handler: (args: any, ctx: any) => Promise<UpstreamOutcome>;', 'handler: (args: any, ctx: any) => Promise<number>;'));
    await expect(generate({ root: p.root })).rejects.toBeInstanceOf(GeneratedTypeError);
  });

  it('does not let a run without the type-check stand for one with it', async () => {
    const p = makeProject();
    projects.push(p);
    await generate({ root: p.root, skipTypecheck: true });
    const checked = await generate({ root: p.root });
    expect(checked.cache).toBe('none');
    expect((await generate({ root: p.root, skipTypecheck: true })).cache).toBe('outputs');
  });

  it('rewrites a hand-edited generated file, reusing the type-check of the same rendering', async () => {
    const p = await generated();
    const file = 'generated/tools/get-user-profile.gen.ts';
    const original = p.read(file);
    p.write(file, `${original}// edited\n`);
    const again = await generate({ root: p.root });
    expect(again.cache).toBe('typecheck');
    expect(again.changed).toEqual([file]);
    expect(p.read(file)).toBe(original);
  });

  it('ignores a cache written by another version of the generator', async () => {
    const p = await generated(fast);
    const path = join(p.root, CACHE_FILE);
    const record = JSON.parse(readFileSync(path, 'utf8')) as { generator: string };
    writeFileSync(path, JSON.stringify({ ...record, generator: 'another' }));
    expect((await generate({ root: p.root, ...fast })).cache).toBe('none');
  });

  it('ignores an unreadable cache', async () => {
    const p = await generated(fast);
    writeFileSync(join(p.root, CACHE_FILE), '{ not json');
    expect((await generate({ root: p.root, ...fast })).cache).toBe('none');
  });

  it('is not used with cache: false', async () => {
    const p = await generated();
    const progress = phases();
    const again = await generate({ root: p.root, cache: false, progress });
    expect(again.cache).toBe('none');
    expect(progress.seen.some((label) => label.startsWith('type-checking'))).toBe(true);
  });

  it('keeps itself out of version control', async () => {
    const p = await generated(fast);
    expect(p.read('generated/.cache/.gitignore')).toBe('*\n');
  });
});

describe('generate --check with a cache', () => {
  it('reports a hand-edited generated file as stale', async () => {
    const p = await generated(fast);
    p.write('generated/tools/get-user-profile.gen.ts', `${p.read('generated/tools/get-user-profile.gen.ts')}// edited\n`);
    const check = await generate({ root: p.root, check: true, ...fast });
    expect(check.upToDate).toBe(false);
    expect(check.changed).toEqual(['generated/tools/get-user-profile.gen.ts']);
  });

  it('reports a deleted generated file as missing', async () => {
    const p = await generated(fast);
    unlinkSync(join(p.root, 'generated/tools/get-user-profile.gen.js'));
    const check = await generate({ root: p.root, check: true, ...fast });
    expect(check.upToDate).toBe(false);
    expect(check.added).toEqual(['generated/tools/get-user-profile.gen.js']);
  });

  it('reports a generated file no tool produces as extra', async () => {
    const p = await generated(fast);
    p.write('generated/tools/gone.gen.ts', '// DO NOT EDIT: generated by `npm run generate` from manifests/old.yaml.\n');
    const check = await generate({ root: p.root, check: true, ...fast });
    expect(check.removed).toEqual(['generated/tools/gone.gen.ts']);
  });

  it('reports output stale after a manifest change', async () => {
    const p = await generated(fast);
    p.write('manifests/dta-wide.yaml', p.read('manifests/dta-wide.yaml').replace("Returns the signed-in user's", "Returns the current user's"));
    const check = await generate({ root: p.root, check: true, ...fast });
    expect(check.upToDate).toBe(false);
  });

  it('proves an unchanged project current from the cache and writes nothing', async () => {
    const p = await generated(fast);
    const before = p.read(CACHE_FILE);
    const check = await generate({ root: p.root, check: true, ...fast });
    expect(check.cache).toBe('outputs');
    expect(check.upToDate).toBe(true);
    expect(p.read(CACHE_FILE)).toBe(before);
  });
});

describe('the generator fingerprint', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('changes when a template changes', () => {
    dir = mkdtempSync(join(tmpdir(), 'dta-mcp-fingerprint-'));
    cpSync(join(REPO, 'generator'), join(dir, 'generator'), { recursive: true });
    const before = generatorFingerprint(join(dir, 'generator'), '0.1.0');
    const template = join(dir, 'generator', 'templates', 'index.hbs');
    writeFileSync(template, `${readFileSync(template, 'utf8')}\n`);
    expect(generatorFingerprint(join(dir, 'generator'), '0.1.0')).not.toBe(before);
  });

  it('changes with the dta-mcp version', () => {
    const generator = join(REPO, 'generator');
    expect(generatorFingerprint(generator, '0.1.0')).not.toBe(generatorFingerprint(generator, '0.1.1'));
  });
});
