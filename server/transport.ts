import { StreamMessageReader, StreamMessageWriter, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';

/**
 * The stdio transport, built here rather than by vscode-languageserver from `--stdio`: its
 * reader reports broken message framing (a header without Content-Length, a non-numeric
 * length) as an error and then stays stuck on the garbage, so the server would live on deaf.
 * Exiting instead lets the editor restart it. Other transports (--node-ipc, --socket, --pipe)
 * are left to vscode-languageserver.
 */
export function stdioTransport(argv: readonly string[], onBrokenStream: (reason: string) => void): [MessageReader, MessageWriter] | undefined {
  if (!argv.includes('--stdio')) return undefined;
  const reader = new StreamMessageReader(process.stdin);
  const writer = new StreamMessageWriter(process.stdout);
  reader.onError((error) => onBrokenStream(`unreadable message from the client (${error.message.split('\n')[0]})`));
  // The editor closed the pipe: nothing more will come.
  reader.onClose(() => onBrokenStream('the client closed the connection'));
  return [reader, writer];
}
