// Echo client for ws-core's interop tests: node `ws` against our Upgrader.
//
//   node echo-client.mjs ws://127.0.0.1:PORT/path [--deflate]
//
// Sends the scripted messages of ./script.mjs one at a time and checks that each echo comes back with the same
// type and bytes, pings and checks the pong payload, closes with 1000 and checks the server's close code.
// Prints one line of JSON ({"ok":..., "messages":[{type,length,sha256}...], ...}) and exits 0 when all passed,
// 1 otherwise. The Java test compares "messages" with what the server recorded.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import WebSocket from 'ws';
import { script } from './script.mjs';

const OVERALL_TIMEOUT_MS = 60_000;
const STEP_TIMEOUT_MS = 20_000;

const args = process.argv.slice(2);
const url = args.find((a) => !a.startsWith('--'));
const deflate = args.includes('--deflate');
const wsVersion = createRequire(import.meta.url)('ws/package.json').version;

const result = { ok: false, peer: 'node-ws', version: wsVersion, deflate, extensions: null, messages: [], pongs: 0 };

let finished = false;
function finish(error) {
  if (finished) return;
  finished = true;
  if (error) result.error = String(error && error.stack ? error.message : error);
  result.ok = !error;
  process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(result.ok ? 0 : 1));
}

if (!url) finish('usage: echo-client.mjs URL [--deflate]');
setTimeout(() => finish(`timed out after ${OVERALL_TIMEOUT_MS} ms`), OVERALL_TIMEOUT_MS).unref();

/** Resolves with the next value pushed, or rejects after STEP_TIMEOUT_MS. */
class Inbox {
  constructor() { this.items = []; this.waiters = []; }
  push(item) { const w = this.waiters.shift(); if (w) w(item); else this.items.push(item); }
  next(what) {
    if (this.items.length) return Promise.resolve(this.items.shift());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS);
      this.waiters.push((item) => { clearTimeout(timer); resolve(item); });
    });
  }
}

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

async function run() {
  // threshold 0: compress every message, even the empty one, when permessage-deflate is negotiated.
  const ws = new WebSocket(url, { perMessageDeflate: deflate ? { threshold: 0 } : false, maxPayload: 64 << 20 });
  const messages = new Inbox();
  const pongs = new Inbox();
  const closed = new Inbox();
  ws.on('upgrade', (res) => { result.extensions = res.headers['sec-websocket-extensions'] ?? null; });
  ws.on('message', (data, isBinary) => messages.push({ data, isBinary }));
  ws.on('pong', (data) => pongs.push(data));
  ws.on('close', (code, reason) => { messages.push(null); closed.push({ code, reason: reason.toString() }); });
  ws.on('error', (e) => { messages.push(e); closed.push(e); });
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });

  for (const m of script()) {
    const whole = Buffer.concat(m.fragments);
    m.fragments.forEach((f, i) => ws.send(f, { binary: m.binary, fin: i === m.fragments.length - 1 }));
    const echo = await messages.next(`echo of ${m.name}`);
    if (echo === null || echo instanceof Error) throw new Error(`connection ended before the echo of ${m.name}: ${echo}`);
    if (echo.isBinary !== m.binary) throw new Error(`${m.name}: echo has the wrong type`);
    if (!whole.equals(echo.data)) {
      throw new Error(`${m.name}: echo differs (sent ${whole.length} bytes, got ${echo.data.length})`);
    }
    result.messages.push({ type: m.binary ? 'binary' : 'text', length: whole.length, sha256: sha256(whole) });
  }

  for (const payload of [Buffer.from('interop-ping'), Buffer.alloc(125, 0xa5)]) {
    ws.ping(payload);
    const pong = await pongs.next('pong');
    if (!payload.equals(pong)) throw new Error(`pong payload differs from the ping's: ${pong.toString('hex')}`);
    result.pongs++;
  }

  ws.close(1000, 'bye');
  const close = await closed.next('close');
  if (close instanceof Error) throw close;
  result.closeCode = close.code;
  if (close.code !== 1000) throw new Error(`server closed with ${close.code} ${close.reason}, expected 1000`);
}

run().then(() => finish(null), (e) => finish(e));
