// Echo server for ws-core's interop tests: our Dialer against node `ws`.
//
//   node echo-server.mjs [--deflate [--server-no-context-takeover] [--client-no-context-takeover]]
//
// Listens on an ephemeral loopback port and prints the port number as the first line of stdout. Echoes every
// message with its type; ws answers pings and close frames itself. Exits when stdin closes, so a test JVM that
// dies without destroying this process does not leave it behind.
import { WebSocketServer } from 'ws';

const args = new Set(process.argv.slice(2));
// threshold 0: compress every message, even the empty one, when permessage-deflate is negotiated. The takeover
// options are set only when asked for: ws reads an explicit `false` as "refuse a client that asks for no
// context takeover" and then fails the handshake with 400 instead of declining the extension.
let perMessageDeflate = false;
if (args.has('--deflate')) {
  perMessageDeflate = { threshold: 0 };
  if (args.has('--server-no-context-takeover')) perMessageDeflate.serverNoContextTakeover = true;
  if (args.has('--client-no-context-takeover')) perMessageDeflate.clientNoContextTakeover = true;
}

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate, maxPayload: 64 << 20 });

server.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  ws.on('error', (e) => process.stderr.write(`connection error: ${e.message}\n`));
});
server.on('listening', () => process.stdout.write(`${server.address().port}\n`));
server.on('error', (e) => {
  process.stderr.write(`server error: ${e.message}\n`);
  process.exit(1);
});

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
