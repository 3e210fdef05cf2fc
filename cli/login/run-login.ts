/**
 * What `dta-mcp login` runs: sign the local user in (code flow with PKCE and a loopback
 * redirect, or the device grant), store the tokens through the token manager in the
 * credentials file (sealed), and record who is signed in. `serve --transport stdio` then
 * acts as that user. Prints the URL or code on stderr and "Signed in as <sub>" on
 * stdout; never a token.
 */
import { createCredentials } from '../../runtime/auth/credentials.ts';
import { updateCredentialsFile } from '../../runtime/auth/stores/credentials-file.ts';
import { loadConfig } from '../../runtime/config/load-config.ts';
import { loginApiOf } from '../../runtime/config/cross-checks.ts';
import { ConfigError } from '../../runtime/errors.ts';
import { createLogger } from '../../runtime/observability/logger.ts';
import type { LoginFlags } from '../commands/login.ts';
import { EXIT, reportFailure } from '../fail.ts';
import { authorizationCodeFlow } from './code-flow.ts';
import { deviceFlow } from './device-flow.ts';
import { resolveEndpoints } from './endpoints.ts';
import { openBrowser } from './open-browser.ts';
import { subjectOf } from './subject.ts';

export async function login(flags: LoginFlags): Promise<number> {
  const credentials: { close(): Promise<void> }[] = [];
  try {
    const config = await loadConfig(flags.config, {}, process.env, flags.profile);
    const settings = config.login;
    if (!settings) {
      throw new ConfigError(`Nothing to sign in with: ${flags.config ? `${flags.config} has` : 'the configuration has'} no login: section (see README, "Sign in (stdio)").`);
    }
    const chosen = loginApiOf(config);
    if ('problem' in chosen) throw new ConfigError(chosen.problem);
    const path = config.tokens.file as string;
    const endpoints = await resolveEndpoints({ ...settings, ...(flags.device ? { device: true } : {}) });
    const timeoutMs = flags.timeout * 1000;
    const common = {
      endpoints,
      clientId: settings.clientId,
      timeoutMs,
      ...(settings.scope ? { scope: settings.scope } : {}),
      ...(settings.resource ? { resource: settings.resource } : {}),
    };

    const tokens =
      flags.device || settings.device
        ? await deviceFlow({
            ...common,
            onCode: ({ verificationUri, userCode, verificationUriComplete }) => {
              process.stderr.write(`To sign in, open ${verificationUri} and enter the code: ${userCode}\n`);
              if (flags.browser) openBrowser(verificationUriComplete ?? verificationUri);
            },
          })
        : await authorizationCodeFlow({
            ...common,
            port: flags.port ?? 0,
            onUrl: (url) => {
              process.stderr.write(`Open this URL to sign in: ${url}\n`);
              if (flags.browser) openBrowser(url);
            },
          });

    const sub = await subjectOf(tokens, endpoints.userinfoUrl);
    const userKey = `${settings.issuer}#${sub}`;
    // The token manager's own logs (JSON) would only clutter a terminal command.
    const auth = createCredentials(config, createLogger({ level: 'warn' }));
    credentials.push(auth);
    await auth.ensureApis([chosen.api]);
    await auth.auths.get(chosen.api)?.tokenManager.setupUserSession(userKey, {
      accessToken: tokens.accessToken,
      ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
      ...(tokens.expiresAt ? { expiresAt: tokens.expiresAt } : {}),
      ...(tokens.tokenType ? { tokenType: tokens.tokenType } : {}),
      ...(tokens.scope ? { scope: tokens.scope } : {}),
    });
    await updateCredentialsFile(path, (file) => {
      // One local user: a previous sign-in's tokens for this API go.
      const sessions = file.sessions[chosen.api] ?? {};
      for (const key of Object.keys(sessions)) if (key !== userKey) delete sessions[key];
      file.signedIn = { userKey, sub, issuer: settings.issuer, api: chosen.api, signedInAt: new Date().toISOString() };
    });

    process.stdout.write(`Signed in as ${sub}\n`);
    process.stderr.write(`Credentials saved to ${path}\n`);
    if (config.user) {
      process.stderr.write(`Note: the configuration also has user: (${config.user.key}); serve acts as that user while it is there.\n`);
    }
    return EXIT.ok;
  } catch (error) {
    return reportFailure(error);
  } finally {
    await Promise.all(credentials.map((c) => c.close()));
  }
}
