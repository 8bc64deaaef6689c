import crypto from 'node:crypto';

/**
 * UUIDv7 (RFC 9562): the first 48 bits are the Unix time in milliseconds, so ids made close in
 * time sort together and their index entries land on the same B-tree pages; the rest is random.
 */
/** Random bytes drawn in blocks: one system call per 256 ids instead of one per id. */
const POOL_SIZE = 16 * 256;
let pool = Buffer.alloc(0);
let offset = POOL_SIZE;

function randomBlock(): Buffer {
  if (offset >= POOL_SIZE) {
    pool = crypto.randomBytes(POOL_SIZE);
    offset = 0;
  }
  offset += 16;
  return Buffer.from(pool.subarray(offset - 16, offset));
}

export function newId(now = Date.now()): string {
  const bytes = randomBlock();
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
