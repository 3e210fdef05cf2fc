/**
 * Rules the JSON Schema cannot say, checked when the config loads so that every problem
 * is named by the key the user wrote (`tokens.redisUrl`), never by an internal option
 * path, and reported with the shape problems. Values are never echoed.
 */
import { checkEncryptionKeys, type EncryptionKey } from '../auth/crypto/token-cipher.ts';
import { storeConfigs, type StoreConfig } from '../auth/stores/index.ts';
import type { RuntimeConfig } from './schema.ts';

export function crossCheck(config: RuntimeConfig): string[] {
  const problems: string[] = [];
  const { tokens } = config;
  let keys: EncryptionKey[] | undefined;
  if (tokens.encryptionKeys !== undefined) {
    const parsed = splitEncryptionKeys(tokens.encryptionKeys);
    problems.push(...parsed.problems);
    keys = parsed.keys;
    problems.push(...checkEncryptionKeys(keys, 'tokens.encryptionKeys').filter(notForUnparsed(parsed.unparsed)));
  }
  const slice: StoreConfig<typeof tokens, unknown> = storeConfigs[tokens.store];
  problems.push(...(slice.check?.(tokens) ?? []));
  problems.push(...loginProblems(config));
  for (const [api, apiConfig] of Object.entries(config.apis)) {
    const user = apiConfig.userAuth;
    if (user?.exchange && !config.http.auth) {
      problems.push(`apis.${api}.userAuth.exchange: needs http.auth (the exchanged token is the caller's verified inbound token)`);
    }
    if (user) problems.push(...secretProblems(`apis.${api}.userAuth`, user));
    const account = apiConfig.serviceAccount;
    if (account && !account.staticToken) problems.push(...secretProblems(`apis.${api}.serviceAccount`, account));
    problems.push(...fixedHeaderProblems(api, apiConfig.headers));
  }
  return problems;
}

/** Credentials come from serviceAccount/userAuth and the authType, never as fixed headers. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);

function fixedHeaderProblems(api: string, headers: Record<string, string> | undefined): string[] {
  return Object.keys(headers ?? {})
    .filter((name) => CREDENTIAL_HEADERS.has(name.toLowerCase()))
    .map((name) => `apis.${api}.headers.${name}: credentials cannot be fixed headers; they come from the tool's authType (serviceAccount, userAuth)`);
}

/**
 * The API whose user tokens `dta-mcp login` stores: `login.api`, else the only API with
 * `userAuth`. Undefined with a reason when it cannot be told.
 */
export function loginApiOf(config: RuntimeConfig): { api: string } | { problem: string } {
  const named = config.login?.api;
  if (named !== undefined) {
    if (!config.apis[named]) return { problem: `login.api: "${named}" is not configured under apis` };
    return { api: named };
  }
  const withUserAuth = Object.keys(config.apis).filter((api) => config.apis[api]?.userAuth);
  if (withUserAuth.length === 1) return { api: withUserAuth[0] as string };
  return {
    problem:
      withUserAuth.length === 0
        ? 'login: no API has userAuth (the refresh_token grant for the signed-in user\'s tokens)'
        : `login.api: required, several APIs have userAuth (${withUserAuth.join(', ')})`,
  };
}

/** `login:` signs in one local user whose tokens must outlive the command: the file store, refreshed by the same client. */
function loginProblems(config: RuntimeConfig): string[] {
  const { login } = config;
  if (!login) return [];
  const problems: string[] = [];
  if (config.tokens.store !== 'file') {
    problems.push('tokens.store: must be file with login: (the credentials file keeps the sign-in between commands)');
  }
  const chosen = loginApiOf(config);
  if ('problem' in chosen) return [...problems, chosen.problem];
  const userAuth = config.apis[chosen.api]?.userAuth;
  if (!userAuth) {
    problems.push(`apis.${chosen.api}.userAuth: required with login: (refreshes the signed-in user's tokens; clientId ${login.clientId}, authMethod none)`);
  } else if (userAuth.clientId !== login.clientId) {
    // Refresh tokens are bound to the client they were issued to (RFC 6749 §6).
    problems.push(`apis.${chosen.api}.userAuth.clientId: must be login.clientId (${login.clientId}); refresh tokens are bound to their client`);
  }
  return problems;
}

/** A confidential client needs its secret (RFC 6749 §2.3.1); only `authMethod: none` goes without. */
function secretProblems(path: string, client: { clientSecret?: string; authMethod?: string }): string[] {
  const method = client.authMethod ?? 'client_secret_basic';
  if (method === 'none' || client.clientSecret) return [];
  return [`${path}.clientSecret: required unless authMethod is none (authMethod ${method})`];
}

/** `kid:key[,kid:key...]`: the first encrypts, all decrypt. */
export function splitEncryptionKeys(text: string): { keys: EncryptionKey[]; problems: string[]; unparsed: Set<number> } {
  const problems: string[] = [];
  const unparsed = new Set<number>();
  const keys = text.split(',').map((part, i) => {
    const at = part.indexOf(':');
    if (at <= 0) {
      problems.push(`tokens.encryptionKeys[${i}]: expected "keyId:base64key"`);
      unparsed.add(i);
      return { id: `unparsed-${i}`, key: '' };
    }
    return { id: part.slice(0, at).trim(), key: part.slice(at + 1).trim() };
  });
  return { keys, problems, unparsed };
}

function notForUnparsed(unparsed: Set<number>): (problem: string) => boolean {
  return (problem) => {
    const index = /^tokens\.encryptionKeys\[(\d+)\]/.exec(problem)?.[1];
    return index === undefined || !unparsed.has(Number(index));
  };
}
