/**
 * Every `$ref` of a spec that leaves its scope (a URL, an absolute path, a `../` out of
 * the project, a symlink to elsewhere), found before anything else reads the spec. The
 * cross-check resolves refs lazily, only what the tools use; openapi-typescript reads a
 * multi-file spec whole, so a stray ref in an unused component would still be read, or
 * fetched. Files the spec reaches inside the scope are walked too.
 * @see https://spec.openapis.org/oas/v3.1.0#reference-object
 */
import { SpecRefError, type DocumentSet, type SpecPointer } from './documents.ts';

export function outsideRefs(docs: DocumentSet, entry: string): SpecRefError[] {
  const found: SpecRefError[] = [];
  const queue = [entry];
  const seen = new Set(queue);
  for (let doc = queue.shift(); doc !== undefined; doc = queue.shift()) {
    let value: unknown;
    try {
      value = docs.load(doc).value;
    } catch {
      continue; // unreadable or malformed: the cross-check reports it where a tool needs it
    }
    for (const { ref, at } of fileRefs(doc, value)) {
      try {
        const { doc: next } = docs.target(ref, at);
        if (!seen.has(next)) queue.push(next);
        seen.add(next);
      } catch (error) {
        if (!(error instanceof SpecRefError)) throw error;
        if (error.code === 'spec_ref_outside') found.push(error);
      }
    }
  }
  return found;
}

/** Where each `$ref` that names another file (not `#/...` in this one) sits. */
function fileRefs(doc: string, root: unknown): Array<{ ref: string; at: SpecPointer }> {
  interface Frame {
    node: object;
    parent?: Frame;
    key?: string;
  }
  const pathOf = (frame: Frame): string[] => {
    const path: string[] = [];
    for (let f: Frame | undefined = frame; f?.key !== undefined; f = f.parent) path.unshift(f.key);
    return path;
  };
  const out: Array<{ ref: string; at: SpecPointer }> = [];
  if (root === null || typeof root !== 'object') return out;
  const stack: Frame[] = [{ node: root }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    for (const [key, value] of Object.entries(frame.node)) {
      if (key === '$ref' && typeof value === 'string' && !Array.isArray(frame.node)) {
        if (!value.startsWith('#')) out.push({ ref: value, at: { doc, path: pathOf(frame) } });
      } else if (value !== null && typeof value === 'object') {
        stack.push({ node: value as object, parent: frame, key });
      }
    }
  }
  return out;
}
