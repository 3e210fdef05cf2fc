/** Line and column of a JSON pointer in a JSON spec, for diagnostics that point into it. */
import { describe, expect, it } from 'vitest';
import { locateInJson } from '../../generator/openapi/json-locate.ts';

const TEXT = `{
  "openapi": "3.1.0",
  "info": { "title": "a \\"quoted\\" }{ title", "version": "1" },
  "paths": {
    "/pets/{id}": {
      "get": {
        "parameters": [
          { "name": "a", "in": "query" },
          { "name": "b", "in": "path" }
        ]
      }
    }
  }
}
`;

describe('locateInJson', () => {
  it.each([
    ['the root', [], {}, { line: 1, column: 1 }],
    ['a member value', ['paths'], {}, { line: 4, column: 12 }],
    ['a member key', ['paths'], { key: true }, { line: 4, column: 3 }],
    ['past a string with escaped quotes and braces', ['info', 'version'], {}, { line: 3, column: 58 }],
    ['a path with a slash in its key', ['paths', '/pets/{id}', 'get'], { key: true }, { line: 6, column: 7 }],
    ['an array element', ['paths', '/pets/{id}', 'get', 'parameters', '1'], {}, { line: 9, column: 11 }],
    ['the deepest existing node of a missing path', ['paths', '/nope', 'get'], {}, { line: 4, column: 12 }],
  ])('finds %s', (_name, path, options, want) => {
    expect(locateInJson(TEXT, path, options)).toEqual(want);
  });
});
