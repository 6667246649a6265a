// A real third-party STOMP client (@stomp/stompjs) over a real SockJS client (sockjs-client) or a plain websocket (ws),
// driven by the .NET wire tests (tests/Stomp.Tests/EndToEnd).
//
// Usage: node stomp-client.mjs '<options JSON>'
//   options: { url, transport: "websocket" | "xhr-streaming" | "xhr-polling" | "raw", connectHeaders?: {...},
//              heartbeat?: [outgoingMs, incomingMs], splitLargeFrames?: bool, chunkSize?: n }
//   url: the SockJS base URL (http://host:port/callcenter/ws), or for "raw" the websocket URL (ws://.../websocket).
//
// Commands, one JSON object per line on stdin:
//   {"op":"subscribe","id":"s1","destination":"/topic/x","headers":{...}}   (add "receipt" to get a receipt event)
//   {"op":"unsubscribe","id":"s1"}
//   {"op":"send","destination":"/app/echo","body":"...","headers":{...}}
//   {"op":"disconnect"}
// Events, one JSON object per line on stdout:
//   {"event":"transport","name":...}  {"event":"connected","headers":{...}}  {"event":"message","headers":{...},"body":...}
//   {"event":"receipt","headers":{...}}  {"event":"error","headers":{...},"body":...}  {"event":"closed","code":...}
import readline from 'node:readline';
import { Client } from '@stomp/stompjs';
import SockJS from 'sockjs-client';
import WebSocket from 'ws';

const options = JSON.parse(process.argv[2] ?? '{}');
const emit = (event) => process.stdout.write(JSON.stringify(event) + '\n');

const client = new Client({
  webSocketFactory: () => {
    if (options.transport === 'raw') {
      // What stompjs offers when given a brokerURL; the server must pick one or the socket is refused.
      const socket = new WebSocket(options.url, ['v10.stomp', 'v11.stomp', 'v12.stomp']);
      socket.addEventListener('open', () => emit({ event: 'transport', name: 'raw', protocol: socket.protocol }));
      return socket;
    }
    // sockjs-client derives a transport's connect timeout from the /info round trip (a few hundred ms on loopback); a
    // busy test machine can exceed that while the server warms up, so give it a fixed, generous minimum.
    const socket = new SockJS(options.url, null, { transports: [options.transport], timeout: 15000 });
    socket.addEventListener('open', () => emit({ event: 'transport', name: socket.transport }));
    return socket;
  },
  connectHeaders: options.connectHeaders ?? {},
  heartbeatOutgoing: options.heartbeat?.[0] ?? 10000,
  heartbeatIncoming: options.heartbeat?.[1] ?? 10000,
  reconnectDelay: 0,
  splitLargeFrames: Boolean(options.splitLargeFrames),
  maxWebSocketChunkSize: options.chunkSize ?? 8 * 1024,
  debug: () => {},
  onConnect: (frame) => emit({ event: 'connected', headers: frame.headers }),
  onStompError: (frame) => emit({ event: 'error', headers: frame.headers, body: frame.body }),
  onUnhandledReceipt: (frame) => emit({ event: 'receipt', headers: frame.headers }),
  onUnhandledMessage: (frame) => emit({ event: 'message', headers: frame.headers, body: frame.body }),
  onWebSocketClose: (closeEvent) => {
    emit({ event: 'closed', code: closeEvent?.code ?? null, reason: closeEvent?.reason ?? null });
    process.exit(0);
  },
});

const subscriptions = new Map();
const input = readline.createInterface({ input: process.stdin });
input.on('line', (line) => {
  if (!line.trim()) return;
  const command = JSON.parse(line);
  switch (command.op) {
    case 'subscribe': {
      const headers = { id: command.id, ...(command.headers ?? {}) };
      if (command.receipt) headers.receipt = command.receipt;
      subscriptions.set(command.id, client.subscribe(command.destination,
        (message) => emit({ event: 'message', headers: message.headers, body: message.body }), headers));
      break;
    }
    case 'unsubscribe':
      subscriptions.get(command.id)?.unsubscribe();
      subscriptions.delete(command.id);
      break;
    case 'send':
      client.publish({ destination: command.destination, body: command.body ?? '', headers: command.headers ?? {} });
      break;
    case 'disconnect':
      // deactivate() sends DISCONNECT with a receipt, waits for it, then closes the socket (-> "closed").
      client.deactivate();
      break;
    default:
      emit({ event: 'usage-error', message: `unknown op ${command.op}` });
  }
});
// The test closing stdin means it is done with us, whatever state the connection is in.
input.on('close', () => process.exit(0));

client.activate();
