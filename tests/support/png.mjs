// The structure of a PNG image, which is what the server checks (not the pixels): an
// IHDR of `width` × `height`, then `extra` chunks ([type, Buffer] pairs: a text chunk
// that must not survive, say), one IDAT and the IEND, each with its CRC.
import { crc32 } from 'node:zlib';

export function png(width = 1, height = 1, extra = []) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4); ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    ...extra.map(([type, data]) => chunk(type, data)), chunk('IDAT', Buffer.from('pixels')), chunk('IEND', Buffer.alloc(0))]);
}
