/**
 * The local credentials file written by `dta-mcp login` and read by the `file` token
 * store: who is signed in, and each API's sealed sessions. Sessions are sealed by the
 * store (AES-256-GCM, user key as AAD); this module only reads and writes the file:
 *
 * - writes are atomic (a temp file in the same directory, then rename), the file is
 *   created with mode 0600 and its directory with 0700;
 * - writes in one process are serialised per path, and every read goes to the disk, so
 *   a session rotated by another process (a second `serve`) is seen at the next read.
 *
 * Without `tokens.encryptionKeys`, sessions are sealed with a random key kept in a key
 * file beside the credentials file (same modes). That keeps tokens out of casual reads
 * and out of copies of the credentials file alone; whoever can read both files as this
 * user can read the tokens.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';

export const CREDENTIALS_FILE_VERSION = 1;

/** Who `dta-mcp login` signed in (no token here: those are in `sessions`, sealed). */
export interface SignedInUser {
  /** The token-store key: `${issuer}#${sub}`. */
  userKey: string;
  sub: string;
  issuer: string;
  /** The API whose user tokens were stored. */
  api: string;
  /** ISO time of the sign-in. */
  signedInAt: string;
}

export interface CredentialsFile {
  version: typeof CREDENTIALS_FILE_VERSION;
  signedIn?: SignedInUser;
  /** Per API (store section), per user key: a sealed session. */
  sessions: Record<string, Record<string, string>>;
}

/**
 * Where the credentials file is: DTA_MCP_CREDENTIALS, else `tokens.file` (a leading `~/`
 * is the home directory), else `$XDG_CONFIG_HOME/dta-mcp/credentials.json` (default
 * `~/.config`). Always absolute.
 */
export function resolveCredentialsPath(configured: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env.DTA_MCP_CREDENTIALS || configured;
  if (chosen) return resolve(expandHome(chosen));
  const base = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'dta-mcp', 'credentials.json');
}

/** The key file beside a credentials file: `credentials.json` -> `credentials.key`. */
export function keyFileFor(path: string): string {
  return join(dirname(path), `${basename(path).replace(/\.json$/, '')}.key`);
}

/** The file's content; an empty one when it does not exist or is not a credentials file. */
export async function readCredentialsFile(path: string): Promise<CredentialsFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) return emptyFile();
    throw error;
  }
  return parseCredentials(text) ?? emptyFile();
}

/** Who is signed in, if anyone. */
export async function readSignedInUser(path: string): Promise<SignedInUser | undefined> {
  return (await readCredentialsFile(path)).signedIn;
}

const queues = new Map<string, Promise<unknown>>();

/** Read, change, write back atomically; one update at a time per path in this process. */
export function updateCredentialsFile(path: string, change: (file: CredentialsFile) => void): Promise<void> {
  const previous = queues.get(path) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(async () => {
    const file = await readCredentialsFile(path);
    change(file);
    await writePrivateFile(path, `${JSON.stringify(file, null, 2)}\n`);
  });
  queues.set(path, next);
  void next.finally(() => {
    if (queues.get(path) === next) queues.delete(path);
  });
  return next;
}

/**
 * The sealing key of a credentials file without configured keys: read from the key file,
 * or (with `create`) generated into it on first use. Undefined when absent and not created.
 */
export async function fileKey(path: string, create: boolean): Promise<Buffer | undefined> {
  const keyPath = keyFileFor(path);
  try {
    const key = Buffer.from((await readFile(keyPath, 'utf8')).trim(), 'base64');
    if (key.length === 32) return key;
    if (!create) return undefined;
  } catch (error) {
    if (!isMissing(error)) throw error;
    if (!create) return undefined;
  }
  const key = randomBytes(32);
  await writePrivateFile(keyPath, `${key.toString('base64')}\n`);
  return key;
}

/** Deletes the credentials file and its key file; returns the paths that existed. */
export async function removeCredentials(path: string): Promise<string[]> {
  const removed: string[] = [];
  for (const target of [path, keyFileFor(path)]) {
    try {
      await rm(target);
      removed.push(target);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
  return removed;
}

/** Temp file (0600, exclusive) in the same directory (0700), then rename over the target. */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    // The umask cannot widen 0600, but an inherited ACL or odd umask might narrow oddly: be exact.
    await chmod(temp, 0o600);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

function parseCredentials(text: string): CredentialsFile | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || value.version !== CREDENTIALS_FILE_VERSION) return undefined;
  const sessions: CredentialsFile['sessions'] = {};
  if (isRecord(value.sessions)) {
    for (const [section, entries] of Object.entries(value.sessions)) {
      if (!isRecord(entries)) continue;
      const kept: Record<string, string> = {};
      for (const [userKey, sealed] of Object.entries(entries)) if (typeof sealed === 'string') kept[userKey] = sealed;
      sessions[section] = kept;
    }
  }
  const file: CredentialsFile = { version: CREDENTIALS_FILE_VERSION, sessions };
  const signedIn = value.signedIn;
  if (
    isRecord(signedIn) &&
    typeof signedIn.userKey === 'string' &&
    signedIn.userKey !== '' &&
    typeof signedIn.sub === 'string' &&
    typeof signedIn.issuer === 'string' &&
    typeof signedIn.api === 'string' &&
    typeof signedIn.signedInAt === 'string'
  ) {
    file.signedIn = {
      userKey: signedIn.userKey,
      sub: signedIn.sub,
      issuer: signedIn.issuer,
      api: signedIn.api,
      signedInAt: signedIn.signedInAt,
    };
  }
  return file;
}

function emptyFile(): CredentialsFile {
  return { version: CREDENTIALS_FILE_VERSION, sessions: {} };
}

function expandHome(path: string): string {
  return path === '~' ? homedir() : path.startsWith('~/') ? join(homedir(), path.slice(2)) : path;
}

function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
