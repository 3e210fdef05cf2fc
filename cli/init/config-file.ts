/**
 * `dta-mcp.config.yaml` for one API, and what is derived from its text: the `${VAR}`s it
 * reads (so `.env.example` and the client snippets list exactly those, and cannot
 * drift from it) and which of them a run with a given profile needs.
 * @see runtime/config/load-config.ts for `${VAR}`, `${VAR:-default}` and `profiles:`
 */
import { parse } from 'yaml';

export const CONFIG_FILE = 'dta-mcp.config.yaml';

/** `dta-wide` -> `DTA_WIDE` */
export function envPrefix(api: string): string {
  const prefix = api.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[A-Z_]/.test(prefix) ? prefix : `API_${prefix}`;
}

export function configText(api: string): string {
  const p = envPrefix(api);
  return `# dta-mcp runtime config: dta-mcp serve --config ${CONFIG_FILE} [--profile local|production]
# Each \${...} reads an environment variable (every one is listed in .env.example); \${...:-x}
# defaults to x, and \${...:-} leaves the key out. Unknown keys are errors. Reference: the
# dta-mcp README, "Configuration".
apis:
  ${api}:
    baseUrl: \${${p}_BASE_URL}
    serviceAccount:                      # for authType: service-account tools (OAuth2 client_credentials)
      tokenUrl: \${${p}_TOKEN_URL}
      clientId: \${${p}_CLIENT_ID}
      clientSecret: \${${p}_CLIENT_SECRET}
      # or, for a static API key instead: staticToken (from the environment, like the secret)
    userAuth:                            # for authType: user-token tools: refreshes each user's token
      tokenUrl: \${${p}_TOKEN_URL}
      clientId: \${${p}_CLIENT_ID}
      clientSecret: \${${p}_CLIENT_SECRET}
tokens:
  store: memory                          # one process; production uses redis (below)
http:
  host: 127.0.0.1                        # loopback only unless http.auth is on
  port: 3000
profiles:
  local:                                 # development: stdio, or HTTP on loopback, as one local user
    user:
      key: \${DTA_MCP_USER:-local}
      accessToken: \${DTA_MCP_USER_ACCESS_TOKEN:-}
    logLevel: debug
  production:                            # many users over HTTP: every request carries a verified token
    http:
      host: 0.0.0.0
      allowedHosts: ["\${MCP_HOST}"]
      auth:
        issuer: "\${ISSUER_URL}"
        audience: "\${MCP_AUDIENCE}"
    tokens:
      store: redis
      redisUrl: "\${REDIS_URL}"
      encryptionKeys: "\${DTA_MCP_TOKEN_KEYS}"
`;
}

export interface EnvVar {
  name: string;
  /** From `${VAR:-default}`; `''` for `${VAR:-}` (optional, no value). */
  fallback?: string;
  /** `undefined`: every profile; else the only profiles that read it. */
  profiles?: string[];
}

const REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-(.*?))?\}/g;

/** Every `${VAR}` of the config text, in order of first use, with where it is read. */
export function configVariables(text: string): EnvVar[] {
  const value = (parse(text) ?? {}) as { profiles?: Record<string, unknown> };
  const { profiles = {}, ...base } = value;
  const inBase = new Set(refsIn(base).map((m) => m[1]));
  const byName = new Map<string, EnvVar>();
  // Values only, in document order: a `${VAR}` in a comment is read by nothing.
  for (const m of refsIn(value)) {
    const name = m[1] as string;
    if (byName.has(name)) continue;
    const found: EnvVar = { name };
    if (m[2] !== undefined) found.fallback = m[2];
    if (!inBase.has(name)) found.profiles = Object.keys(profiles).filter((p) => refsIn(profiles[p]).some((r) => r[1] === name));
    byName.set(name, found);
  }
  return [...byName.values()];
}

/** The variables a run with `profile` reads: the base file's and that profile's. */
export function variablesFor(variables: readonly EnvVar[], profile: string): EnvVar[] {
  return variables.filter((v) => v.profiles === undefined || v.profiles.includes(profile));
}

function refsIn(value: unknown): RegExpMatchArray[] {
  if (typeof value === 'string') return [...value.matchAll(REF)];
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(refsIn);
  return [];
}

/** An example value that loads, and what the variable is, for `.env.example`. */
function describe(v: EnvVar, api: string, baseUrl: string): { value: string; comment: string } {
  const p = envPrefix(api);
  const known: Record<string, { value: string; comment: string }> = {
    [`${p}_BASE_URL`]: { value: baseUrl, comment: `where ${api}'s API answers (the spec's servers[0] when absolute)` },
    [`${p}_TOKEN_URL`]: { value: 'https://id.example.com/oauth/token', comment: `the OAuth2 token endpoint for ${api}'s service account and users' refreshes` },
    [`${p}_CLIENT_ID`]: { value: 'dta-mcp', comment: `the OAuth2 client dta-mcp is registered as with ${api}'s authorization server` },
    [`${p}_CLIENT_SECRET`]: { value: 'change-me', comment: 'that client\'s secret: keep it in .env or your secret store, never in git' },
    DTA_MCP_USER: { value: 'local', comment: 'the local user\'s key (stdio and loopback HTTP, development only)' },
    DTA_MCP_USER_ACCESS_TOKEN: { value: '', comment: `the local user's token for ${api} (user-token tools); or sign in with dta-mcp login` },
    MCP_HOST: { value: 'mcp.example.com', comment: 'the Host name clients reach this server by (DNS rebinding protection)' },
    ISSUER_URL: { value: 'https://id.example.com', comment: 'the authorization server that issues tokens for MCP clients (its discovery gives the JWKS)' },
    MCP_AUDIENCE: { value: 'https://mcp.example.com/mcp', comment: 'the audience those tokens must carry: this server' },
    REDIS_URL: { value: 'redis://127.0.0.1:6379', comment: 'Redis for users\' tokens, shared by every replica' },
    DTA_MCP_TOKEN_KEYS: {
      value: 'k1:REPLACE_ME_use_the_command_above_0000000000',
      comment: 'kid:base64 32-byte key(s) sealing tokens at rest; make your own: node -e "console.log(\'k1:\'+require(\'crypto\').randomBytes(32).toString(\'base64\'))"',
    },
  };
  return known[v.name] ?? { value: v.fallback ?? 'change-me', comment: `read by ${CONFIG_FILE}` };
}

/** `.env.example`: every variable of the config, with a comment each and a value that loads. */
export function envExampleText(configTextWritten: string, api: string, baseUrl: string): string {
  const lines = [
    `# The variables ${CONFIG_FILE} reads. Copy to .env (git-ignored) or set them in your environment;`,
    '# the values here are placeholders that load, not working credentials.',
  ];
  for (const v of configVariables(configTextWritten)) {
    const { value, comment } = describe(v, api, baseUrl);
    const where = v.profiles === undefined ? '' : ` [${v.profiles.join(', ')} profile only]`;
    const optional = v.fallback === undefined ? '' : v.fallback === '' ? ' (optional)' : ` (optional, default ${v.fallback})`;
    lines.push('', `# ${comment}${optional}${where}`, `${v.name}=${value}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The example value `.env.example` gives a variable (for the client snippets' env blocks). */
export function exampleValue(v: EnvVar, api: string, baseUrl: string): string {
  return describe(v, api, baseUrl).value;
}
