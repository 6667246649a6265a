// The management API's websocket as its real users reach it: @stomp/stompjs over sockjs-client (websocket or
// xhr-streaming), driven line by line by tests/Management.Tests (StompWireTests). Our own script, so the management
// tests do not depend on another suite's driver.
//
// Usage: node management-stomp.mjs '<options JSON>'
//   options: { url: "http://host:port/callcenter/ws", transport: "websocket" | "xhr-streaming", connectHeaders?: {...} }
// Commands on stdin, one JSON object per line:
//   {"op":"subscribe","destination":"/topic/call/1000","receipt":"r1"}   {"op":"send","destination":"/app/idle","body":"{...}"}
//   {"op":"disconnect"}
// Events on stdout, one JSON object per line:
//   {"event":"connected"}  {"event":"receipt","id":"r1"}  {"event":"message","destination":...,"body":...}
//   {"event":"error","message":...,"body":...}  {"event":"closed"}
import readline from 'node:readline';
import { Client } from '@stomp/stompjs';
import SockJS from 'sockjs-client';

const options = JSON.parse(process.argv[2] ?? '{}');
const emit = (event) => process.stdout.write(JSON.stringify(event) + '\n');

const client = new Client({
  webSocketFactory: () => {
    const socket = new SockJS(options.url, null, { transports: [options.transport] });
    socket.addEventListener('open', () => emit({ event: 'transport', name: socket.transport }));
    return socket;
  },
  connectHeaders: options.connectHeaders ?? {},
  // The silo under test runs on a virtual clock: server heart-beats would never come, so none are negotiated.
  heartbeatOutgoing: 0,
  heartbeatIncoming: 0,
  reconnectDelay: 0,
  debug: () => {},
  onConnect: () => emit({ event: 'connected' }),
  onStompError: (frame) => emit({ event: 'error', message: frame.headers.message ?? '', body: frame.body }),
  onWebSocketClose: () => {
    emit({ event: 'closed' });
    process.exit(0);
  },
});

client.onUnhandledReceipt = (frame) => emit({ event: 'receipt', id: frame.headers['receipt-id'] });

const input = readline.createInterface({ input: process.stdin });
input.on('line', (line) => {
  if (!line.trim()) return;
  const command = JSON.parse(line);
  if (command.op === 'subscribe') {
    const headers = command.receipt ? { receipt: command.receipt } : {};
    client.subscribe(command.destination, (message) => emit({ event: 'message', destination: command.destination, body: message.body }), headers);
  } else if (command.op === 'send') {
    client.publish({ destination: command.destination, body: command.body ?? '' });
  } else if (command.op === 'disconnect') {
    client.deactivate();
  }
});
input.on('close', () => client.deactivate());

client.activate();
