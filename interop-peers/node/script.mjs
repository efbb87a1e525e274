// The scripted messages both echo clients send, in order. The python client (../python/echo_client.py) sends the
// same types and lengths, and ws-core's PeerScript.java expects exactly this list: keep the three in step.
//
// Each message is {name, binary, fragments: [Buffer...]}; a message of several fragments goes out as
// continuation frames (ws send(..., {fin: false})).

const MiB = 1 << 20;

/** Deterministic incompressible bytes (xorshift32), so a failure reproduces. */
function randomBytes(length, seed) {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/**
 * Compressible UTF-8 text of exactly `length` bytes mixing 1- to 4-byte characters, so large messages cross frame
 * and buffer boundaries in the middle of characters; ASCII pads the end to the exact length.
 */
function text(length) {
  const unit = Buffer.from('{"user":"zoë","msg":"héllo wörld ✓ 日本語 🎉","n":', 'utf8');
  const parts = [];
  let size = 0;
  for (let n = 0; size + unit.length + 8 <= length; n++) {
    const piece = Buffer.concat([unit, Buffer.from(`${n % 1000}},`)]);
    parts.push(piece);
    size += piece.length;
  }
  parts.push(Buffer.alloc(length - size, 'x'));
  return Buffer.concat(parts);
}

/** Splits `buf` into pieces of `size` bytes (the last may be shorter). */
function chunks(buf, size) {
  const out = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}

export const FRAGMENTED_TEXT = 'fragmented: añ 日本語 🎉 ✓ — done';

export function script() {
  const t = (name, buf) => ({ name, binary: false, fragments: [buf] });
  const b = (name, buf) => ({ name, binary: true, fragments: [buf] });
  return [
    t('short text', Buffer.from('hello', 'utf8')),
    t('multi-byte text', Buffer.from('héllo wörld ✓ 日本語 🎉', 'utf8')),
    t('empty text', Buffer.alloc(0)),
    b('empty binary', Buffer.alloc(0)),
    b('125-byte binary', randomBytes(125, 1)),
    b('126-byte binary', randomBytes(126, 2)),
    t('65535-byte text', text(65535)),
    b('64 KiB binary', randomBytes(64 * 1024, 3)),
    t('64 KiB text', text(64 * 1024)),
    b('4 MiB binary', randomBytes(4 * MiB, 4)),
    t('4 MiB text', text(4 * MiB)),
    // 5-byte fragments split multi-byte characters: a text message must only be valid UTF-8 as a whole.
    { name: 'fragmented text', binary: false, fragments: chunks(Buffer.from(FRAGMENTED_TEXT, 'utf8'), 5) },
    { name: 'fragmented binary with an empty fragment', binary: true,
      fragments: [randomBytes(1000, 5), Buffer.alloc(0), randomBytes(5000, 6)] },
    { name: '1 MiB binary in 16 fragments', binary: true, fragments: chunks(randomBytes(MiB, 7), 64 * 1024) },
  ];
}
