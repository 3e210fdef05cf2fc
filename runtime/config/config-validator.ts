/**
 * The config file's validator: configSchema compiled by ajv with the formats it uses.
 * From the sources it is compiled at start-up (~40 ms); the build compiles it ahead of
 * time instead (ajv standalone code, `configValidatorSource`), and the bundle's copy of
 * this module is that code (scripts/bundle-cli.js), so the installed CLI never compiles it.
 * Both come from `newConfigAjv` and `configSchema`: the same options, the same function.
 *
 * @see https://ajv.js.org/standalone.html
 */
import { Ajv2020, _, type CodeOptions, type ValidateFunction } from 'ajv/dist/2020.js';
import { configFormats } from './config-formats.ts';
import { configSchema } from './schema.ts';

function newConfigAjv(code: CodeOptions = {}): Ajv2020 {
  // coerceTypes: `port: ${PORT}` arrives as a string; the schema says integer.
  // validateSchema off: checking our own schema against the 2020-12 meta-schema compiled
  // the meta-schema first at every start (test/runtime/config-model.test.ts checks it).
  const ajv = new Ajv2020({ allErrors: true, strict: false, coerceTypes: true, validateSchema: false, code });
  for (const [name, format] of Object.entries(configFormats)) ajv.addFormat(name, format);
  return ajv;
}

export function compileConfigValidator(): ValidateFunction {
  return newConfigAjv().compile(configSchema);
}

/**
 * The validator as the source of an ES module exporting `compileConfigValidator`, for a
 * bundler: it `require`s ajv's runtime helpers and `formatsModule` (the path of
 * config-formats.ts).
 */
export async function configValidatorSource(formatsModule: string): Promise<string> {
  // CommonJS: Node's `default` is module.exports, whose own `default` is the function.
  const standaloneCode = (await import('ajv/dist/standalone/index.js')).default.default;
  const ajv = newConfigAjv({ source: true, esm: true, formats: _`require(${formatsModule}).configFormats` });
  const code = standaloneCode(ajv, ajv.compile(configSchema));
  return `${code}\nexport function compileConfigValidator() { return validate; }\n`;
}
