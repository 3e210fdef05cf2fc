/**
 * The stdio transport: newline-delimited JSON-RPC on stdin and stdout, as the SDK's
 * StdioServerTransport frames it (same buffer bound, `\r\n` accepted, one JSON text per
 * line out), with one difference: each parsed message is first offered to `intercept`,
 * which may answer it itself through `send` (the direct tools/call path,
 * mcp/direct-call.ts). What it does not take is checked against the SDK's message schema
 * and delivered to the server, as before; a line that is not JSON, or not JSON-RPC, is
 * reported to `onerror` and dropped.
 * @see https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#stdio
 */
import type { Readable, Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** The SDK's bound for one unfinished line (STDIO_DEFAULT_MAX_BUFFER_SIZE). */
export const MAX_LINE_BYTES = 10 * 1024 * 1024;

export class StdioTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  /** Sees each parsed line first; returns true when it took the message. */
  intercept?: (message: unknown) => boolean;

  private pending: Buffer | undefined;
  private started = false;

  constructor(
    private readonly input: Readable = process.stdin,
    private readonly output: Writable = process.stdout,
  ) {}

  async start(): Promise<void> {
    if (this.started) throw new Error('StdioTransport already started');
    this.started = true;
    this.input.on('data', this.onData);
    this.input.on('error', this.onInputError);
  }

  /**
   * Lines sent in the same turn of the event loop leave in one write: the output is
   * corked at the first and uncorked once the turn's I/O callbacks are done (concurrent
   * calls that finish together cost one system call, not one each).
   */
  send(message: JSONRPCMessage): Promise<void> {
    if (!this.corked) {
      this.corked = true;
      this.output.cork();
      setImmediate(this.uncork);
    }
    return new Promise((resolve) => {
      if (this.output.write(`${JSON.stringify(message)}\n`)) resolve();
      else this.output.once('drain', resolve);
    });
  }

  private corked = false;
  private readonly uncork = (): void => {
    this.corked = false;
    this.output.uncork();
  };

  async close(): Promise<void> {
    this.input.off('data', this.onData);
    this.input.off('error', this.onInputError);
    if (this.input.listenerCount('data') === 0) this.input.pause();
    this.pending = undefined;
    this.onclose?.();
  }

  private readonly onInputError = (error: Error): void => {
    this.onerror?.(error);
  };

  private readonly onData = (chunk: Buffer): void => {
    let buffer = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    if (buffer.length > MAX_LINE_BYTES && buffer.indexOf(10) === -1) {
      this.pending = undefined;
      this.onerror?.(new Error(`stdio: a message exceeded ${MAX_LINE_BYTES} bytes`));
      void this.close();
      return;
    }
    for (let end = buffer.indexOf(10); end !== -1; end = buffer.indexOf(10)) {
      const line = buffer.toString('utf8', 0, end > 0 && buffer[end - 1] === 13 ? end - 1 : end);
      buffer = buffer.subarray(end + 1);
      this.deliver(line);
    }
    this.pending = buffer.length > 0 ? buffer : undefined;
  };

  private deliver(line: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      this.onerror?.(error as Error);
      return;
    }
    if (this.intercept?.(parsed)) return;
    const checked = JSONRPCMessageSchema.safeParse(parsed);
    if (!checked.success) {
      this.onerror?.(checked.error);
      return;
    }
    this.onmessage?.(checked.data);
  }
}
