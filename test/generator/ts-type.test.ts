import { describe, expect, it } from 'vitest';
import { argsDeclaration } from '../../generator/emit/args-type.ts';
import { schemaToTs } from '../../generator/emit/ts-type.ts';
import type { Schema } from '../../generator/openapi/json-schema.ts';

const ctx = { aliases: new Map([['Pet', 'Pet']]) };

const cases: Array<[string, { given: Schema; want: string }]> = [
  ['string', { given: { type: 'string', format: 'date' }, want: 'string' }],
  ['integer', { given: { type: 'integer' }, want: 'number' }],
  ['nullable type list', { given: { type: ['string', 'null'] }, want: 'string | null' }],
  ['string enum', { given: { type: 'string', enum: ['ISO', 'Korean'] }, want: '"ISO" | "Korean"' }],
  ['const', { given: { const: 3 }, want: '3' }],
  ['array of refs', { given: { type: 'array', items: { $ref: '#/$defs/Pet' } }, want: 'Array<Pet>' }],
  ['array without items', { given: { type: 'array' }, want: 'Array<unknown>' }],
  ['unknown ref', { given: { $ref: '#/$defs/Nope' }, want: 'unknown' }],
  ['open object', { given: { type: 'object' }, want: 'Record<string, unknown>' }],
  ['map of numbers', { given: { type: 'object', additionalProperties: { type: 'number' } }, want: 'Record<string, number>' }],
  ['closed empty object', { given: { type: 'object', additionalProperties: false }, want: 'Record<string, never>' }],
  ['object with properties', { given: { type: 'object', required: ['a'], properties: { a: { type: 'string' }, 'b-c': { type: 'boolean' } } }, want: "{\n  a: string;\n  'b-c'?: boolean;\n}" }],
  ['anyOf', { given: { anyOf: [{ type: 'string' }, { type: 'integer' }] }, want: 'string | number' }],
  ['oneOf with an unknown branch', { given: { oneOf: [{ type: 'string' }, {}] }, want: 'unknown' }],
  ['allOf', { given: { allOf: [{ $ref: '#/$defs/Pet' }, { type: 'object', properties: { x: { type: 'string' } } }] }, want: 'Pet & {\n  x?: string;\n}' }],
  ['no type at all', { given: {}, want: 'unknown' }],
  ['true schema', { given: true, want: 'unknown' }],
];

describe('schemaToTs', () => {
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(schemaToTs(given, ctx)).toBe(want);
  });
});

describe('argsDeclaration', () => {
  it('declares $defs as aliases and Args with JSDoc from descriptions', () => {
    const text = argsDeclaration({
      type: 'object',
      properties: { settings: { $ref: '#/$defs/user-settings' }, limit: { type: 'integer', description: 'At most */ this many.' } },
      required: ['settings'],
      $defs: { 'user-settings': { type: 'object', additionalProperties: true, properties: { theme: { enum: ['light', 'dark'] } } } },
    });
    expect(text).toBe(
      [
        'export type UserSettings = {',
        '  theme?: "light" | "dark";',
        '  [key: string]: unknown;',
        '};',
        '',
        'export interface Args {',
        '  settings: UserSettings;',
        '  /** At most *\\/ this many. */',
        '  limit?: number;',
        '}',
      ].join('\n'),
    );
  });

  it('declares an empty Args for a tool without arguments', () => {
    expect(argsDeclaration({ type: 'object', properties: {} })).toBe('export type Args = Record<string, never>;');
  });

  it('never lets a $def shadow the names the module uses', () => {
    expect(argsDeclaration({ type: 'object', properties: {}, $defs: { Args: { type: 'string' } } })).toContain('export type Args2 = string;');
  });
});
