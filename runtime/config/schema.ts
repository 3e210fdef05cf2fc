/**
 * The runtime configuration: its JSON Schema (checked with ajv at start-up) and type.
 * Secrets come from the environment through `${VAR}` references, never from the file.
 */
import type { LogLevel } from '../observability/logger.ts';

export interface OAuthClientConfig {
  tokenUrl: string;
  clientId: string;
  clientSecret?: string;
  /** How the client authenticates at the token endpoint (RFC 6749 §2.3.1). */
  authMethod?: 'client_secret_basic' | 'client_secret_post';
  scope?: string;
  audience?: string;
  resource?: string;
}

export interface ServiceAccountConfig extends Partial<OAuthClientConfig> {
  /** A static key/token instead of the client_credentials grant. */
  staticToken?: string;
}

/**
 * RFC 8693 token exchange: the caller's verified inbound token is exchanged at
 * `userAuth.tokenUrl` for that user's upstream token.
 * @see https://www.rfc-editor.org/rfc/rfc8693#section-2.1
 */
export interface TokenExchangeConfig {
  audience?: string;
  resource?: string;
  scope?: string;
}

export interface UserAuthConfig extends Omit<OAuthClientConfig, 'authMethod'> {
  /** `none`: a public client (no secret), e.g. the one `dta-mcp login` signs in with. */
  authMethod?: OAuthClientConfig['authMethod'] | 'none';
  /** Fill a user's session by exchanging their inbound token (HTTP with `http.auth`). */
  exchange?: TokenExchangeConfig;
}

export interface ApiConfig {
  baseUrl?: string;
  serviceAccount?: ServiceAccountConfig;
  /** Token endpoint and client used to refresh users' tokens (refresh_token grant). */
  userAuth?: UserAuthConfig;
}

/**
 * Inbound auth over HTTP: dta-mcp as an OAuth 2.1 resource server. Every request to
 * /mcp carries a bearer token, verified by the issuer's JWKS or by introspection.
 * @see https://modelcontextprotocol.io/specification/2025-06-18/basic/authorization
 */
export interface InboundAuthConfig {
  /** The authorization server's issuer; its metadata (RFC 8414 / OIDC) gives jwks_uri. */
  issuer: string;
  /** The audience a token must carry to be accepted here. */
  audience: string;
  /** Skip discovery and use this JWKS. */
  jwksUri?: string;
  /** Verify opaque tokens by RFC 7662 introspection instead of JWKS. */
  introspection?: { url: string; clientId: string; clientSecret?: string };
  /** This server's resource identifier (RFC 9728 `resource`); default: the /mcp URL requests arrive on. */
  resource?: string;
  /** Allowed clock skew for exp/nbf, seconds; default 30. */
  clockToleranceSec?: number;
  /** Scopes every /mcp request needs (tools may add their own). */
  requiredScopes?: string[];
  /** Clients (token `client_id`/`azp`) allowed to hand off any user's session (/sessions). */
  trustedClients?: string[];
}

/**
 * `dta-mcp login`: how the local (stdio) user signs in. A public client: authorization
 * code with PKCE and a loopback redirect (RFC 8252), or the device grant (RFC 8628).
 */
export interface LoginConfig {
  /** The authorization server; its metadata (RFC 8414, else OIDC discovery) gives the endpoints. */
  issuer: string;
  clientId: string;
  scope?: string;
  /** The API whose user tokens these are; default the only API with `userAuth`. */
  api?: string;
  /** RFC 8707 resource indicator sent with the authorization and token requests. */
  resource?: string;
  /** Explicit endpoints instead of discovery. */
  authorizationUrl?: string;
  tokenUrl?: string;
  deviceAuthorizationUrl?: string;
  /** Use the device grant instead of a browser redirect. */
  device?: boolean;
}

export interface RuntimeConfig {
  apis: Record<string, ApiConfig>;
  upstream: { timeoutMs: number };
  tokens: {
    store: 'memory' | 'redis' | 'file';
    /** The credentials file (store `file`); resolved at load: DTA_MCP_CREDENTIALS, else this, else the default. */
    file?: string;
    redisUrl?: string;
    redisPrefix?: string;
    /** `kid:base64key[,kid:base64key...]`; the first encrypts, all decrypt. */
    encryptionKeys?: string;
    expiryBufferMs?: number;
    maxUsers?: number;
    ttlMs?: number;
  };
  /** How `dta-mcp login` signs the local user in (stored with `tokens.store: file`). */
  login?: LoginConfig;
  /** The local user for stdio (and HTTP without inbound auth), for development; wins over a signed-in user. */
  user?: { key: string; accessToken?: string; refreshToken?: string; expiresAt?: number };
  http: {
    host: string;
    port: number;
    allowedOrigins: string[];
    allowedHosts?: string[];
    sessionIdleMs: number;
    maxSessions: number;
    /** Sessions one user may hold; the least recently used idle one is closed beyond it. */
    maxSessionsPerUser: number;
    maxBodyBytes: number;
    /** Inbound OAuth: who is calling. Without it, HTTP callers are anonymous or the local `user:`. */
    auth?: InboundAuthConfig;
    /**
     * `stateful` (default): MCP sessions live in the process that opened them (a load
     * balancer needs affinity). `stateless`: no sessions; any replica answers any request.
     */
    sessions: 'stateful' | 'stateless';
    /** On SIGTERM: how long in-flight calls may take to finish before the process exits. */
    shutdownGraceMs: number;
  };
  /** The seed's readiness checks: /readyz fails over this heap size. */
  health: { maxHeapBytes: number };
  logLevel: LogLevel;
}

export const DEFAULT_CONFIG: RuntimeConfig = {
  apis: {},
  upstream: { timeoutMs: 30_000 },
  tokens: { store: 'memory', expiryBufferMs: 5 * 60_000 },
  http: {
    host: '127.0.0.1',
    port: 3000,
    allowedOrigins: [],
    sessionIdleMs: 30 * 60_000,
    maxSessions: 1_000,
    maxSessionsPerUser: 100,
    maxBodyBytes: 1024 * 1024,
    sessions: 'stateful',
    shutdownGraceMs: 10_000,
  },
  health: { maxHeapBytes: 512 * 1024 * 1024 },
  logLevel: 'info',
};

const oauthClient = {
  type: 'object',
  additionalProperties: false,
  required: ['tokenUrl', 'clientId'],
  properties: {
    tokenUrl: { type: 'string', format: 'uri' },
    clientId: { type: 'string', minLength: 1 },
    clientSecret: { type: 'string' },
    authMethod: { enum: ['client_secret_basic', 'client_secret_post'] },
    scope: { type: 'string' },
    audience: { type: 'string' },
    resource: { type: 'string' },
  },
} as const;

export const configSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  properties: {
    apis: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          baseUrl: { type: 'string', format: 'uri' },
          serviceAccount: {
            type: 'object',
            additionalProperties: false,
            properties: { ...oauthClient.properties, staticToken: { type: 'string', minLength: 1 } },
            oneOf: [{ required: ['staticToken'] }, { required: ['tokenUrl', 'clientId'] }],
          },
          userAuth: {
            ...oauthClient,
            properties: {
              ...oauthClient.properties,
              authMethod: { enum: ['client_secret_basic', 'client_secret_post', 'none'] },
              exchange: {
                type: 'object',
                additionalProperties: false,
                properties: { audience: { type: 'string' }, resource: { type: 'string' }, scope: { type: 'string' } },
              },
            },
          },
        },
      },
    },
    upstream: {
      type: 'object',
      additionalProperties: false,
      properties: { timeoutMs: { type: 'integer', minimum: 1, maximum: 600_000 } },
    },
    tokens: {
      type: 'object',
      additionalProperties: false,
      properties: {
        store: { enum: ['memory', 'redis', 'file'] },
        file: { type: 'string', minLength: 1 },
        redisUrl: { type: 'string' },
        redisPrefix: { type: 'string' },
        encryptionKeys: { type: 'string' },
        expiryBufferMs: { type: 'integer', minimum: 0 },
        maxUsers: { type: 'integer', minimum: 1 },
        ttlMs: { type: 'integer', minimum: 1 },
      },
    },
    login: {
      type: 'object',
      additionalProperties: false,
      required: ['issuer', 'clientId'],
      properties: {
        issuer: { type: 'string', format: 'uri' },
        clientId: { type: 'string', minLength: 1 },
        scope: { type: 'string' },
        api: { type: 'string', minLength: 1 },
        resource: { type: 'string', minLength: 1 },
        authorizationUrl: { type: 'string', format: 'uri' },
        tokenUrl: { type: 'string', format: 'uri' },
        deviceAuthorizationUrl: { type: 'string', format: 'uri' },
        device: { type: 'boolean' },
      },
    },
    user: {
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
      additionalProperties: false,
      properties: {
        host: { type: 'string', minLength: 1 },
        port: { type: 'integer', minimum: 0, maximum: 65535 },
        allowedOrigins: { type: 'array', items: { type: 'string' } },
        allowedHosts: { type: 'array', items: { type: 'string' } },
        sessionIdleMs: { type: 'integer', minimum: 1000 },
        maxSessions: { type: 'integer', minimum: 1 },
        maxSessionsPerUser: { type: 'integer', minimum: 1 },
        sessions: { enum: ['stateful', 'stateless'] },
        shutdownGraceMs: { type: 'integer', minimum: 0, maximum: 600_000 },
        maxBodyBytes: { type: 'integer', minimum: 1024 },
        auth: {
          type: 'object',
          additionalProperties: false,
          required: ['issuer', 'audience'],
          properties: {
            issuer: { type: 'string', format: 'uri' },
            audience: { type: 'string', minLength: 1 },
            jwksUri: { type: 'string', format: 'uri' },
            introspection: {
              type: 'object',
              additionalProperties: false,
              required: ['url', 'clientId'],
              properties: {
                url: { type: 'string', format: 'uri' },
                clientId: { type: 'string', minLength: 1 },
                clientSecret: { type: 'string' },
              },
            },
            resource: { type: 'string', format: 'uri' },
            clockToleranceSec: { type: 'integer', minimum: 0, maximum: 300 },
            requiredScopes: { type: 'array', items: { type: 'string', minLength: 1 } },
            trustedClients: { type: 'array', items: { type: 'string', minLength: 1 } },
          },
        },
      },
    },
    health: {
      type: 'object',
      additionalProperties: false,
      properties: { maxHeapBytes: { type: 'integer', minimum: 1_048_576 } },
    },
    logLevel: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] },
  },
} as const;
