/**
 * Assembles what `dta-mcp serve` runs from a configuration and a generated registry:
 * upstream clients, credentials, the tool executor, and a factory for per-session MCP
 * servers. Transports take `createServer`; nothing here knows about stdio or HTTP.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RuntimeConfig } from '../config/schema.ts';
import { localUserKey } from '../identity/local-identity.ts';
import { staticIdentity } from '../identity/static-identity.ts';
import type { CallerContext, IdentityResolver } from '../identity/types.ts';
import { createMcpServer, type ToolSet } from '../mcp/create-server.ts';
import { createResourceEvents } from '../mcp/resource-events.ts';
import { createResourceSet } from '../mcp/resource-set.ts';
import { createToolExecutor } from '../mcp/tool-executor.ts';
import { heapBelow, reachable, runChecks, type Check, type HealthReport } from '../observability/health.ts';
import { createLogger, type Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { ToolRegistry } from '../tools/types.ts';
import { createUpstreamClients } from '../upstream/clients.ts';
import { createCredentials, type Credentials } from '../auth/credentials.ts';
import { AuthRequiredError } from '../errors.ts';
import { createSignIn, type SignIn } from '../auth/sign-in/sign-in.ts';

export interface RuntimeOptions {
  config: RuntimeConfig;
  registry: ToolRegistry;
  logger?: Logger;
  /** Default: prom-client instruments (runtime/observability/metrics.ts). */
  metrics?: Metrics;
  /** Who the caller is; default: the configured local user. */
  identity?: IdentityResolver;
}

export interface Runtime {
  config: RuntimeConfig;
  logger: Logger;
  metrics: Metrics;
  identity: IdentityResolver;
  credentials: Credentials;
  /** URL-mode sign-in (userAuth.authorize): its callback is served by the HTTP transport. */
  signIn: SignIn;
  /** A fresh MCP server for one session. */
  createServer(transport: CallerContext['transport']): Server;
  /** The current tool set (swapped by reload). */
  tools(): ToolSet;
  /**
   * Swap in a new registry: open sessions keep their connection, see the new tools on
   * their next request, and get `notifications/tools/list_changed` now.
   */
  reload(registry: ToolRegistry): Promise<void>;
  /** Servers with a live connection (for notifications). */
  liveServers(): ReadonlySet<Server>;
  /**
   * A POST to a resource webhook path (`/hooks/<name>`): notifies the sessions subscribed
   * to the resources it signals; the number notified, or undefined when no resource
   * declares that path.
   */
  resourceWebhook(path: string): number | undefined;
  health(): Promise<HealthReport>;
  close(): Promise<void>;
}

export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { config } = options;
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  // prom-client only when these metrics can be read (serve over stdio passes unread ones).
  const metrics = options.metrics ?? (await import('../observability/metrics.ts')).createMetrics();
  const identity = options.identity ?? staticIdentity(await localUserKey(config));
  const credentials = createCredentials(config, logger, {
    onRefresh: ({ grant, outcome }) => metrics.tokenRefreshes.inc({ grant, outcome }),
  });
  await credentials.ensureApis(Object.keys(options.registry.apis));
  const live = new Set<Server>();
  const resourceEvents = createResourceEvents();
  const signIn = createSignIn(config, credentials.auths, logger);

  const build = (registry: ToolRegistry): ToolSet => {
    const clients = createUpstreamClients(registry, config.apis);
    const executor = createToolExecutor({
      registry,
      clients,
      credentials,
      logger,
      metrics,
      upstreamTimeoutMs: config.upstream.timeoutMs,
      signIn,
    });
    const scopes = new Map(registry.tools.map((t) => [t.definition.name, t.scopes]));
    const resources = createResourceSet({ registry, executor, logger, upstreamTimeoutMs: config.upstream.timeoutMs });
    const resourceHooks = resources ? { resources, readResource: resources.read } : {};
    // completion/complete with ref/resource names the template itself.
    const templateCompletions = new Map((registry.resourceTemplates ?? []).flatMap((t) => (t.completions ? [[t.uriTemplate, t.completions] as const] : [])));
    const completionHooks = templateCompletions.size > 0 ? { resourceCompletions: (uri: string) => templateCompletions.get(uri) } : {};
    return {
      ...resourceHooks,
      ...completionHooks,
      definitions: registry.tools.map((t) => t.definition), executor, scopes: (name) => scopes.get(name), prompts: registry.prompts ?? [] };
  };

  let current = build(options.registry);
  let baseUrls = Object.keys(options.registry.apis).map(
    (api) => config.apis[api]?.baseUrl ?? options.registry.apis[api]?.defaultBaseUrl ?? '',
  );

  return {
    config,
    logger,
    metrics,
    identity,
    credentials,
    signIn,
    createServer(transport) {
      const server = createMcpServer({ tools: () => current, identity, transport, resourceEvents });
      live.add(server);
      const previous = server.onclose;
      server.onclose = () => {
        live.delete(server);
        previous?.();
      };
      return server;
    },
    tools: () => current,
    liveServers: () => live,
    resourceWebhook: (path) => (current.resources?.webhooks().has(path) ? resourceEvents.signal(path) : undefined),
    async reload(registry) {
      await credentials.ensureApis(Object.keys(registry.apis));
      current = build(registry);
      baseUrls = Object.keys(registry.apis).map(
        (api) => config.apis[api]?.baseUrl ?? registry.apis[api]?.defaultBaseUrl ?? '',
      );
      // Resources too, to sessions that announced them (others refuse the notification).
      const resources = current.resources !== undefined;
      const prompts = (current.prompts?.length ?? 0) > 0;
      await Promise.all(
        [...live].flatMap((server) =>
          [
            server.sendToolListChanged(),
            ...(resources ? [server.sendResourceListChanged()] : []),
            ...(prompts ? [server.sendPromptListChanged()] : []),
          ].map((sent) =>
            sent.catch((error: unknown) => {
              logger.debug({ errName: error instanceof Error ? error.name : 'unknown' }, 'list_changed not delivered');
            }),
          ),
        ),
      );
      logger.info({ tools: registry.tools.length }, 'tool set reloaded');
    },
    health() {
      const checks: Record<string, Check> = {
        memory: heapBelow(config.health.maxHeapBytes),
        tokenStore: tokenStoreReachable(credentials),
      };
      baseUrls.forEach((url, i) => {
        if (url) checks[`upstream${i === 0 ? '' : i}`] = reachable(url);
      });
      return runChecks(checks);
    },
    close: () => credentials.close(),
  };
}

/** A read for a user that cannot exist: "no session" means the store answered. */
function tokenStoreReachable(credentials: Credentials): Check {
  return async () => {
    for (const auth of credentials.auths.values()) {
      try {
        await auth.tokenManager.getValidToken('\u0000health-check');
      } catch (error) {
        if (!(error instanceof AuthRequiredError)) throw error;
      }
    }
  };
}
