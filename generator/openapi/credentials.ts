/**
 * Credentials never reach the model: parameters that carry auth are not tool inputs,
 * and no argument may be mapped onto one. The runtime attaches credentials itself.
 */
import type { OperationDetails, OperationParameter } from './operations.ts';

const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

/** Names that, in any location, smell like a secret. */
const CREDENTIAL_NAME = /^(x[-_])?(api[-_]?key|apikey|access[-_]?token|refresh[-_]?token|id[-_]?token|auth[-_]?token|token|password|passwd|secret|client[-_]?secret|session[-_]?id|auth)$/i;

export function isCredentialParameter(param: Pick<OperationParameter, 'name' | 'in'>, op: Pick<OperationDetails, 'apiKeyParams'>): boolean {
  const name = param.name.toLowerCase();
  if (param.in === 'header' && CREDENTIAL_HEADERS.has(name)) return true;
  if (CREDENTIAL_NAME.test(param.name)) return true;
  return op.apiKeyParams.some((k) => k.in === param.in && k.name.toLowerCase() === name);
}
