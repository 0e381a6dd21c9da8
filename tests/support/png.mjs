// PNG files for tests, built chunk by chunk (length, type, data, CRC) as the server checks
// them: `png(width, height, chunks)` is the signature, IHDR (8-bit RGB), the chunks given
// as [type, data] pairs (by default one IDAT), and IEND. The data need not be real pixels for the server, which
// checks structure; `gradientPng` is a real image, for a browser to draw.
import { crc32, deflateSync } from 'node:zlib';

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

export function png(width = 1, height = 1, chunks = [['IDAT', Buffer.from('x')]]) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    ...chunks.map(([type, data]) => chunk(type, data)), chunk('IEND', Buffer.alloc(0))]);
}

// A `size`×`size` warm gradient.
export function gradientPng(size) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) row.set([200 + (x % 56), 120 + (y % 80), 90], 1 + x * 3);
    rows.push(row);
  }
  return png(size, size, [['IDAT', deflateSync(Buffer.concat(rows))]]);
}
