/**
 * A real SDK Client over an in-memory pair that records every message the server sends
 * it (notifications included), declaring the capabilities a test needs. Not a test file.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { ClientCapabilities, JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { Runtime } from '../../runtime/app/create-runtime.ts';

export interface RecordingClient {
  client: Client;
  /** Every message from the server, in arrival order. */
  received: JSONRPCMessage[];
  /** The params of received notifications with this method. */
  notifications(method: string): Record<string, unknown>[];
}

export async function connectRecording(runtime: Runtime, capabilities: ClientCapabilities = {}): Promise<RecordingClient> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await runtime.createServer('memory').connect(serverSide);
  const client = new Client({ name: 'e2e-session', version: '1.0.0' }, { capabilities });
  await client.connect(clientSide);
  const received: JSONRPCMessage[] = [];
  const deliver = clientSide.onmessage;
  clientSide.onmessage = (message, extra) => {
    received.push(message);
    deliver?.(message, extra);
  };
  return {
    client,
    received,
    notifications: (method) =>
      received.flatMap((m) => ('method' in m && m.method === method && !('id' in m) ? [(m.params ?? {}) as Record<string, unknown>] : [])),
  };
}
