/**
 * What `tools/list` costs the model's context: the GitHub example's whole answer and its
 * largest tool, in bytes of JSON as sent, against the budget in bench/README.md (under
 * 150 KB in all, no tool over 8 KB). Also the share taken by output schemas. Regenerates
 * examples/github first (its generated/ is not committed). Exit 1 over budget.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ToolRegistry } from '../runtime/tools/types.ts';

const ROOT = resolve(import.meta.dirname, '..');
const GITHUB = join(ROOT, 'examples/github');
const TOTAL_BUDGET = 150 * 1024;
const TOOL_BUDGET = 8 * 1024;

const run = spawnSync(process.execPath, [join(ROOT, 'bin/dta-mcp.js'), 'generate', '--root', GITHUB], { stdio: ['ignore', 'ignore', 'inherit'] });
if (run.status !== 0) throw new Error('generate --root examples/github failed');

const { registry } = (await import(pathToFileURL(join(GITHUB, 'generated/index.gen.ts')).href)) as { registry: ToolRegistry };
const definitions = registry.tools.map((t) => t.definition);
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
const total = bytes({ tools: definitions });
const sizes = definitions.map((d) => ({ name: d.name, size: bytes(d) })).sort((a, b) => b.size - a.size);
const largest = sizes[0] ?? { name: '(none)', size: 0 };
const outputs = definitions.reduce((sum, d) => sum + (d.outputSchema ? bytes(d.outputSchema) : 0), 0);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

process.stdout.write(
  [
    '| GitHub example tools/list | size | budget |',
    '| --- | ---: | ---: |',
    `| whole answer, ${definitions.length} tools | ${kb(total)} | ${kb(TOTAL_BUDGET)} |`,
    `| largest tool (${largest.name}) | ${kb(largest.size)} | ${kb(TOOL_BUDGET)} |`,
    `| output schemas, all tools | ${kb(outputs)} (${Math.round((100 * outputs) / total)}%) | |`,
    '',
  ].join('\n'),
);
if (total >= TOTAL_BUDGET || largest.size > TOOL_BUDGET) {
  process.stderr.write('tools-list-size: over budget\n');
  process.exitCode = 1;
}
