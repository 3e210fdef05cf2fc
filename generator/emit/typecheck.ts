/**
 * The backstop: type-check the emitted TypeScript before it is written, with the
 * project's compiler options, serving the rendered files from memory. Each TypeScript
 * error inside a generated file is mapped back to the manifest line named by the
 * trailing `// manifests/x.yaml:L:C` comment on (or nearest above) the failing line.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import type { Project } from '../project.ts';

const LOCATION = /\/\/ ([^\s]+\.ya?ml):(\d+):(\d+)\s*$/;
const DECLARED = /^\/\/ Tool '[^']+', declared at ([^\s]+\.ya?ml):(\d+):(\d+)\.$/m;

export function typecheckGenerated(project: Project, files: ReadonlyMap<string, string>): Diagnostic[] {
  const options = compilerOptions(project);
  const host = ts.createCompilerHost(options, true);
  const dirs = new Set([...files.keys()].map((f) => dirname(f)));
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const directoryExists = host.directoryExists?.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (f) => files.get(f) ?? readFile(f);
  host.fileExists = (f) => files.has(f) || fileExists(f);
  host.directoryExists = (d) => dirs.has(d) || (directoryExists ? directoryExists(d) : true);
  host.getSourceFile = (f, language, onError, create) => {
    const text = files.get(f);
    return text === undefined ? getSourceFile(f, language, onError, create) : ts.createSourceFile(f, text, language, true);
  };
  const roots = [...files.keys()].filter((f) => f.endsWith('.ts'));
  const program = ts.createProgram({ rootNames: roots, options, host });
  const found = ts.getPreEmitDiagnostics(program);
  return found.map((d) => toDiagnostic(project, d, files));
}

function compilerOptions(project: Project): ts.CompilerOptions {
  const configPath = join(project.root, 'tsconfig.json');
  const fallback: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noUncheckedIndexedAccess: true,
    allowImportingTsExtensions: true,
    verbatimModuleSyntax: true,
    skipLibCheck: true,
    types: ['node'],
  };
  const options = existsSync(configPath) ? readConfig(configPath) ?? fallback : fallback;
  return { ...options, noEmit: true, incremental: false, composite: false, skipLibCheck: true };
}

function readConfig(configPath: string): ts.CompilerOptions | undefined {
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error) return undefined;
  return ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(configPath)).options;
}

function toDiagnostic(project: Project, d: ts.Diagnostic, files: ReadonlyMap<string, string>): Diagnostic {
  const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
  const code = `TS${d.code}`;
  if (!d.file || d.start === undefined) {
    return diagnostic('typecheck', { file: 'generated', line: 1, column: 1 }, `${code}: ${message}`);
  }
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  const generatedAt = `${project.rel(d.file.fileName)}:${line + 1}:${character + 1}`;
  const text = files.get(d.file.fileName);
  const manifestAt = text === undefined ? undefined : manifestPosition(text, line);
  if (!manifestAt) {
    return diagnostic('typecheck', { file: project.rel(d.file.fileName), line: line + 1, column: character + 1 }, `${code}: ${message}`);
  }
  return diagnostic('typecheck', manifestAt, `the generated code does not type-check (${generatedAt}): ${code}: ${message}`);
}

/** The manifest position on the failing line, else where the tool is declared. */
function manifestPosition(text: string, line: number): { file: string; line: number; column: number } | undefined {
  const m = LOCATION.exec(text.split('\n')[line] ?? '');
  if (m) return { file: m[1] ?? '', line: Number(m[2]), column: Number(m[3]) };
  const declared = DECLARED.exec(text);
  return declared ? { file: declared[1] ?? '', line: Number(declared[2]), column: Number(declared[3]) } : undefined;
}
