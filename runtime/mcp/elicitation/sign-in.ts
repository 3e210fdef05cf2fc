/**
 * A user-token call that finds no usable session (none stored, or its refresh token
 * rejected) asks a client that supports URL-mode elicitation to open the API's
 * authorization URL, waits for the callback to store the session, tells the client the
 * elicitation is complete, and runs the call once more. Any other client, or a user who
 * declines, gets the call's AuthRequiredError as before (an "Authorization required"
 * result).
 *
 * Chosen over answering -32042 (URLElicitationRequiredError): the call the model made
 * simply succeeds once the user is back, and the SDK client needs no retry logic.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/client/elicitation#url-mode-elicitation-requests
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { SignIn } from '../../auth/sign-in/sign-in.ts';
import { AuthRequiredError } from '../../errors.ts';
import type { Identity } from '../../identity/types.ts';
import type { Logger } from '../../observability/logger.ts';
import type { GeneratedTool } from '../../tools/types.ts';
import type { ClientSession } from '../client-session.ts';

export interface SignInContext {
  tool: GeneratedTool;
  identity: Identity | undefined;
  session: ClientSession | undefined;
  signIn: SignIn | undefined;
  signal: AbortSignal;
  log: Logger;
}

/** Runs `attempt`; on AuthRequiredError, signs the user in through the client when it can, then once more. */
export async function withSignIn(attempt: () => Promise<CallToolResult>, ctx: SignInContext): Promise<CallToolResult> {
  try {
    return await attempt();
  } catch (error) {
    if (!(error instanceof AuthRequiredError)) throw error;
    const { tool, identity, session, signIn } = ctx;
    if (tool.kind !== 'upstream' || tool.authType !== 'user-token' || !identity) throw error;
    if (!session?.canElicit('url') || !signIn?.available(tool.api)) throw error;
    if (!(await signInThroughClient(tool.api, identity.userKey, session, signIn, ctx))) throw error;
    return attempt();
  }
}

async function signInThroughClient(api: string, userKey: string, session: ClientSession, signIn: SignIn, ctx: SignInContext): Promise<boolean> {
  const pending = signIn.begin(api, userKey);
  const stop = () => pending.cancel();
  ctx.signal.addEventListener('abort', stop, { once: true });
  try {
    const answer = await session.elicit({
      mode: 'url',
      message: `Sign in to ${api} so that "${ctx.tool.definition.title ?? ctx.tool.definition.name}" can act for you.`,
      url: pending.url,
      elicitationId: pending.elicitationId,
    });
    // Accept means the user agreed to open the URL; the sign-in itself happens out of band.
    if (answer.action !== 'accept') {
      ctx.log.info({ action: answer.action }, 'URL sign-in not accepted');
      pending.cancel();
      return false;
    }
    const signedIn = await pending.done;
    if (signedIn) {
      await session
        .notify({ method: 'notifications/elicitation/complete', params: { elicitationId: pending.elicitationId } })
        .catch((error: unknown) => ctx.log.debug({ errName: error instanceof Error ? error.name : 'unknown' }, 'elicitation/complete not delivered'));
    }
    return signedIn;
  } catch (error) {
    pending.cancel();
    ctx.log.warn({ errName: error instanceof Error ? error.name : 'unknown' }, 'URL elicitation failed');
    return false;
  } finally {
    ctx.signal.removeEventListener('abort', stop);
  }
}
