/**
 * The runtime configuration, defined once: `configSchema` is the JSON Schema ajv checks
 * at start-up, its `default`s are the defaults, and `RuntimeConfig` is derived from it
 * (json-schema-to-ts), so the type, the validator and the defaults cannot drift apart.
 * `tokens.*` is composed from the slices the token stores own (runtime/auth/stores/).
 *
 * To add a key: add it here (with a `default` if it has one: it is then required in
 * RuntimeConfig); a rule the schema cannot say goes to cross-checks.ts.
 * Secrets come from the environment through `${VAR}` references, never from the file.
 */
import type { FromSchema } from 'json-schema-to-ts';
import { STORE_KINDS, storeConfigs, type StoreKind } from '../auth/stores/index.ts';
import { LOG_LEVELS } from '../observability/log-levels.ts';
import { defaultsOf } from './defaults.ts';

/** An http(s) URL (an ajv format registered in load-config.ts). */
const httpUrl = { type: 'string', format: 'http-url' } as const;

/** A token-endpoint client; how it authenticates is RFC 6749 §2.3.1. */
const oauthClient = {
  type: 'object',
  additionalProperties: false,
  required: ['tokenUrl', 'clientId'],
  properties: {
    tokenUrl: httpUrl,
    clientId: { type: 'string', minLength: 1 },
    clientSecret: { type: 'string' },
    authMethod: { enum: ['client_secret_basic', 'client_secret_post'] },
    scope: { type: 'string' },
    audience: { type: 'string' },
    resource: { type: 'string' },
  },
} as const;

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
type StoreProperties = UnionToIntersection<(typeof storeConfigs)[StoreKind]['properties']>;
const storeProperties = Object.assign({}, ...Object.values(storeConfigs).map((s) => s.properties)) as StoreProperties;

export const configSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  properties: {
    apis: {
      description: 'One entry per API in openapi/.',
      type: 'object',
      default: {},
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          baseUrl: { type: 'string', format: 'uri', description: "Default: the spec's first servers[].url." },
          headers: {
            description: 'Fixed headers sent on every request to this API (e.g. X-GitHub-Api-Version); never credentials: Authorization, Cookie and the API key header are refused.',
            type: 'object',
            propertyNames: { pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" },
            additionalProperties: { type: 'string' },
          },
          serviceAccount: {
            description: 'For service-account tools: client_credentials, or a static key/token.',
            type: 'object',
            additionalProperties: false,
            properties: { ...oauthClient.properties, staticToken: { type: 'string', minLength: 1 } },
            oneOf: [{ required: ['staticToken'] }, { required: ['tokenUrl', 'clientId'] }],
          },
          userAuth: {
            description: "Token endpoint and client that refresh users' tokens (refresh_token grant).",
            ...oauthClient,
            properties: {
              ...oauthClient.properties,
              authMethod: {
                enum: ['client_secret_basic', 'client_secret_post', 'none'],
                description: '`none`: a public client (no secret), e.g. the one `dta-mcp login` signs in with.',
              },
              exchange: {
                description: "RFC 8693: the caller's verified inbound token -> their upstream token (needs http.auth).",
                type: 'object',
                additionalProperties: false,
                properties: { audience: { type: 'string' }, resource: { type: 'string' }, scope: { type: 'string' } },
              },
              authorize: {
                description:
                  'URL-mode elicitation (MCP 2025-11-25): a user-token call without a usable session asks the client to open this authorization endpoint (code + PKCE, this client); the callback on /oauth/callback stores the session and the call is retried.',
                type: 'object',
                additionalProperties: false,
                required: ['authorizationUrl'],
                properties: {
                  authorizationUrl: httpUrl,
                  scope: { type: 'string' },
                  resource: { type: 'string', minLength: 1, description: 'RFC 8707 resource indicator.' },
                  issuer: { type: 'string', minLength: 1, description: 'When set, the callback must carry it as `iss` (RFC 9207).' },
                  redirectUri: {
                    ...httpUrl,
                    description: "Where the browser comes back, ending in /oauth/callback; default this server's HTTP listener.",
                  },
                  timeoutMs: { type: 'integer', minimum: 1000, maximum: 3_600_000, description: 'How long a tool call waits for the sign-in; default 300000.' },
                },
              },
            },
          },
        },
      },
    },
    upstream: {
      type: 'object',
      default: {},
      additionalProperties: false,
      properties: { timeoutMs: { type: 'integer', minimum: 1, maximum: 600_000, default: 30_000 } },
    },
    tokens: {
      type: 'object',
      default: {},
      additionalProperties: false,
      properties: {
        store: { enum: STORE_KINDS, default: 'memory' },
        encryptionKeys: { type: 'string', description: '`kid:base64key[,kid:base64key...]`; the first encrypts, all decrypt.' },
        expiryBufferMs: { type: 'integer', minimum: 0, default: 5 * 60_000 },
        ...storeProperties,
      },
    },
    login: {
      description: 'How `dta-mcp login` signs the local (stdio) user in: a public client (PKCE, RFC 8252) or the device grant (RFC 8628).',
      type: 'object',
      additionalProperties: false,
      required: ['issuer', 'clientId'],
      properties: {
        issuer: { type: 'string', format: 'uri' },
        clientId: { type: 'string', minLength: 1 },
        scope: { type: 'string' },
        api: { type: 'string', minLength: 1, description: 'Whose user tokens these are; default the only API with userAuth.' },
        resource: { type: 'string', minLength: 1, description: 'RFC 8707 resource indicator.' },
        authorizationUrl: { type: 'string', format: 'uri' },
        tokenUrl: { type: 'string', format: 'uri' },
        deviceAuthorizationUrl: { type: 'string', format: 'uri' },
        device: { type: 'boolean' },
      },
    },
    user: {
      description: 'The local user for stdio (and HTTP without http.auth), for development; wins over a signed-in user.',
      type: 'object',
      additionalProperties: false,
      required: ['key'],
      properties: {
        key: { type: 'string', minLength: 1 },
        accessToken: { type: 'string' },
        refreshToken: { type: 'string' },
        expiresAt: { type: 'integer' },
      },
    },
    http: {
      type: 'object',
      default: {},
      additionalProperties: false,
      properties: {
        host: { type: 'string', minLength: 1, default: '127.0.0.1' },
        port: { type: 'integer', minimum: 0, maximum: 65535, default: 3000 },
        allowedOrigins: { type: 'array', items: { type: 'string' }, default: [] },
        allowedHosts: { type: 'array', items: { type: 'string' } },
        sessionIdleMs: { type: 'integer', minimum: 1000, default: 30 * 60_000 },
        maxSessions: { type: 'integer', minimum: 1, default: 1_000 },
        maxSessionsPerUser: { type: 'integer', minimum: 1, default: 100, description: 'The least recently used idle session is closed beyond it.' },
        sessions: {
          enum: ['stateful', 'stateless'],
          default: 'stateful',
          description: 'stateful: sessions live in the process that opened them (needs affinity); stateless: any replica answers.',
        },
        shutdownGraceMs: { type: 'integer', minimum: 0, maximum: 600_000, default: 10_000, description: 'On SIGTERM, how long in-flight calls may finish.' },
        maxBodyBytes: { type: 'integer', minimum: 1024, default: 1024 * 1024 },
        auth: {
          description: 'Inbound OAuth 2.1 resource server: who is calling. @see https://modelcontextprotocol.io/specification/2025-06-18/basic/authorization',
          type: 'object',
          additionalProperties: false,
          required: ['issuer', 'audience'],
          properties: {
            issuer: { type: 'string', format: 'uri' },
            audience: { type: 'string', minLength: 1 },
            jwksUri: { type: 'string', format: 'uri' },
            introspection: {
              description: 'RFC 7662, for opaque tokens.',
              type: 'object',
              additionalProperties: false,
              required: ['url', 'clientId'],
              properties: {
                url: { type: 'string', format: 'uri' },
                clientId: { type: 'string', minLength: 1 },
                clientSecret: { type: 'string' },
              },
            },
            resource: { type: 'string', format: 'uri', description: 'RFC 9728 resource; default the /mcp URL requests arrive on.' },
            clockToleranceSec: { type: 'integer', minimum: 0, maximum: 300 },
            requiredScopes: { type: 'array', items: { type: 'string', minLength: 1 } },
            trustedClients: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'May hand off any user\'s session (/sessions).' },
          },
        },
      },
    },
    health: {
      type: 'object',
      default: {},
      additionalProperties: false,
      properties: { maxHeapBytes: { type: 'integer', minimum: 1_048_576, default: 512 * 1024 * 1024, description: '/readyz fails over this heap size.' } },
    },
    logLevel: { enum: LOG_LEVELS, default: 'info' },
  },
} as const;

/** The configuration after load: defaults applied (a key with a `default` is required here). */
export type RuntimeConfig = FromSchema<typeof configSchema>;
export type ApiConfig = RuntimeConfig['apis'][string];
export type UserAuthConfig = NonNullable<ApiConfig['userAuth']>;
export type ServiceAccountConfig = NonNullable<ApiConfig['serviceAccount']>;
export type TokensConfig = RuntimeConfig['tokens'];
export type LoginConfig = NonNullable<RuntimeConfig['login']>;
export type InboundAuthConfig = NonNullable<RuntimeConfig['http']['auth']>;

export const DEFAULT_CONFIG = defaultsOf(configSchema) as RuntimeConfig;
