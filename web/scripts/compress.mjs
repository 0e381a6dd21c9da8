// Writes .br and .gz beside every compressible file in the build output, so that the
// server can send them without compressing on each request.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const root = process.argv[2] ?? 'dist';
const compressible = /\.(html|js|mjs|css|svg|json|webmanifest|txt)$/;
let raw = 0;
let brotli = 0;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) { walk(path); continue; }
    if (!compressible.test(name)) continue;
    const data = readFileSync(path);
    const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
    writeFileSync(`${path}.br`, br);
    writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }));
    raw += data.length;
    brotli += br.length;
  }
}
walk(root);
console.log(`compressed ${raw} bytes of text assets to ${brotli} with brotli`);
