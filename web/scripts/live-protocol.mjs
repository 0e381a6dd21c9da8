// The live protocol for the web client, from the one schema
// (src/platform/live/protocol.json):
//   node scripts/live-protocol.mjs           writes src/realtime/protocol.gen.ts
//   node scripts/live-protocol.mjs --check   fails if that file is not what the schema gives
//   node scripts/live-protocol.mjs --markdown  prints the tables for docs/live.md
// The web build runs the first; tests/contract/live.test.mjs imports generate() and
// checkFrame() to hold the client and the goldens to the schema.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
export const schemaPath = join(web, '..', 'src', 'platform', 'live', 'protocol.json');
export const generatedPath = join(web, 'src', 'realtime', 'protocol.gen.ts');

export function loadSchema() {
  return JSON.parse(readFileSync(schemaPath, 'utf8'));
}

const pascal = (type) => type.split(/[._]/).map((w) => w[0].toUpperCase() + w.slice(1)).join('');

function tsType(field) {
  switch (field.kind) {
    case 'string': return 'string';
    case 'integer': return 'number';
    case 'boolean': return 'boolean';
    case 'enum': return field.values.map((v) => JSON.stringify(v)).join(' | ');
    case 'json': return 'unknown';
    case 'ref': return field.type;
    default: throw new Error(`unknown field kind ${field.kind}`);
  }
}

function members(fields, indent = '  ') {
  return Object.entries(fields).map(([name, f]) => {
    const doc = f.doc ? `${indent}/** ${f.doc} */\n` : '';
    return `${doc}${indent}${name}${f.optional ? '?' : ''}: ${tsType(f)};\n`;
  }).join('');
}

// The TypeScript module for `schema`.
export function generate(schema) {
  const v = schema.version;
  const out = [];
  out.push('// Generated from src/platform/live/protocol.json by web/scripts/live-protocol.mjs. Do not edit.\n');
  out.push(`// ${schema.doc.split('. ')[0]}.\n\n`);
  out.push(`export const PROTOCOL_VERSION = ${v} as const;\n\n`);
  for (const [name, t] of Object.entries(schema.types)) {
    out.push(`/** ${t.doc} */\nexport interface ${name} {\n${members(t.fields)}}\n\n`);
  }
  const frameInterfaces = (frames, prefix, extra) => Object.entries(frames).map(([type, f]) => {
    const name = `${prefix}${pascal(type)}`;
    const more = extra(f);
    return `/** ${type}: ${f.doc} */\nexport interface ${name} {\n  type: ${JSON.stringify(type)};\n  v: typeof PROTOCOL_VERSION;\n${more}${members(f.fields)}}\n`;
  });
  const event = members(schema.common.event);
  const client = members(schema.common.client);
  out.push('// --- server -> client ---\n\n');
  out.push(frameInterfaces(schema.server_frames, 'Server', (f) => (f.kind === 'event' ? event : '')).join('\n'));
  out.push(`\nexport type ServerFrame =\n${Object.keys(schema.server_frames).map((t) => `  | Server${pascal(t)}`).join('\n')};\n`);
  out.push('export type ServerFrameType = ServerFrame[\'type\'];\n');
  out.push('export type ServerFrameOf<T extends ServerFrameType> = Extract<ServerFrame, { type: T }>;\n');
  const byKind = (kind) => Object.entries(schema.server_frames).filter(([, f]) => f.kind === kind).map(([t]) => JSON.stringify(t));
  out.push(`/** Numbered (seq), sent to every connection of a person and replayed after a reconnect. */\nexport const EVENT_TYPES = [${byKind('event').join(', ')}] as const;\n`);
  out.push(`/** From the partner's connection; never numbered, stored or replayed. */\nexport const EPHEMERAL_TYPES = [${byKind('ephemeral').join(', ')}] as const;\n\n`);
  out.push('// --- client -> server ---\n\n');
  out.push(frameInterfaces(schema.client_frames, 'Client', () => client).join('\n'));
  out.push(`\nexport type ClientFrame =\n${Object.keys(schema.client_frames).map((t) => `  | Client${pascal(t)}`).join('\n')};\n`);
  out.push('export type ClientFrameType = ClientFrame[\'type\'];\n');
  out.push('/** A client frame as the app writes it: the live client adds v. */\n');
  out.push('export type Outgoing = ClientFrame extends infer F ? (F extends ClientFrame ? Omit<F, \'v\'> : never) : never;\n\n');
  const errorCodes = schema.server_frames.error.fields.code.values;
  out.push(`export type ErrorCode = ${errorCodes.map((c) => JSON.stringify(c)).join(' | ')};\n\n`);
  out.push('// --- close codes ---\n\n');
  out.push('/** What the client does after a close: stop, reconnect (and resume), or go to sign-in. */\n');
  out.push(`export type CloseAction = ${[...new Set(Object.values(schema.close_codes).map((c) => c.then))].map((t) => JSON.stringify(t)).join(' | ')};\n`);
  out.push('export const CLOSE_CODES = {\n');
  for (const [name, c] of Object.entries(schema.close_codes)) out.push(`  /** ${c.doc} */\n  ${name}: { code: ${c.code}, then: ${JSON.stringify(c.then)} },\n`);
  out.push('} as const satisfies Record<string, { code: number; then: CloseAction }>;\n');
  return out.join('');
}

// The frames and close codes as Markdown tables, for docs/live.md (between the markers
// <!-- frames:begin --> and <!-- frames:end -->; the contract test checks they match).
export function markdownTables(schema) {
  const fieldText = (fields) => Object.entries(fields).map(([name, f]) => {
    const type = f.kind === 'enum' ? f.values.map((v) => `"${v}"`).join(' \\| ') : f.kind === 'ref' ? f.type : f.kind;
    return `\`${name}${f.optional ? '?' : ''}\`: ${type}`;
  }).join(', ') || '—';
  const out = [`Server → client (${Object.keys(schema.server_frames).length} types; events also carry \`seq\`):\n\n`];
  out.push('| type | kind | fields | meaning |\n| --- | --- | --- | --- |\n');
  for (const [type, f] of Object.entries(schema.server_frames)) out.push(`| \`${type}\` | ${f.kind} | ${fieldText(f.fields)} | ${f.doc} |\n`);
  out.push(`\nClient → server (${Object.keys(schema.client_frames).length} types; each may carry \`id\`, answered by \`ack\` or \`error\`):\n\n`);
  out.push('| type | fields | meaning |\n| --- | --- | --- |\n');
  for (const [type, f] of Object.entries(schema.client_frames)) out.push(`| \`${type}\` | ${fieldText(f.fields)} | ${f.doc} |\n`);
  out.push('\nClose codes:\n\n| code | name | the client then | meaning |\n| --- | --- | --- | --- |\n');
  for (const [name, c] of Object.entries(schema.close_codes)) out.push(`| ${c.code} | \`${name}\` | ${c.then.replace('_', ' ')} | ${c.doc} |\n`);
  return out.join('');
}

const kindCheck = {
  string: (v, f) => typeof v !== 'string' ? 'must be a string'
    : (f.min !== undefined && [...v].length < f.min) ? 'is too short'
    : (f.max !== undefined && [...v].length > f.max) ? 'is too long' : '',
  integer: (v, f) => !Number.isInteger(v) ? 'must be an integer'
    : ((f.min !== undefined && v < f.min) || (f.max !== undefined && v > f.max)) ? 'is out of range' : '',
  boolean: (v) => (typeof v === 'boolean' ? '' : 'must be true or false'),
  enum: (v, f) => (f.values.includes(v) ? '' : 'is not one of the allowed values'),
  json: (v, f) => (f.max_bytes !== undefined && Buffer.byteLength(JSON.stringify(v)) > f.max_bytes ? 'is too large' : ''),
};

function checkFields(schema, sets, value, prefix) {
  for (const fields of sets) {
    for (const [name, f] of Object.entries(fields)) {
      if (!(name in value)) {
        if (!f.optional) return `${prefix}${name} is missing`;
        continue;
      }
      const v = value[name];
      let problem;
      if (f.kind === 'ref') {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) problem = 'must be an object';
        else {
          const inner = checkFields(schema, [schema.types[f.type].fields], v, `${prefix}${name}.`);
          if (inner) return inner;
        }
      } else {
        problem = kindCheck[f.kind](v, f);
      }
      if (problem) return `${prefix}${name} ${problem}`;
    }
  }
  for (const name of Object.keys(value)) if (!sets.some((s) => name in s)) return `${prefix}${name} is not a field of this frame`;
  return '';
}

// The same check as the server's live::Schema::Check: null when `frame` conforms, else
// { code, message }. `direction`: 'server' (server -> client) or 'client'.
export function checkFrame(schema, direction, frame) {
  const frames = direction === 'server' ? schema.server_frames : schema.client_frames;
  if (typeof frame?.type !== 'string') return { code: 'invalid_frame', message: 'type is missing' };
  const desc = Object.hasOwn(frames, frame.type) ? frames[frame.type] : null;
  if (!desc) return { code: 'unknown_type', message: `there is no frame of type ${frame.type}` };
  if (frame.v !== schema.version) return { code: 'unsupported_version', message: `this is version ${schema.version}` };
  const sets = [schema.common.all, desc.fields];
  if (direction === 'client') sets.push(schema.common.client);
  else if (desc.kind === 'event') sets.push(schema.common.event);
  const problem = checkFields(schema, sets, frame, '');
  return problem ? { code: 'invalid_frame', message: problem } : null;
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--markdown')) {
  process.stdout.write(markdownTables(loadSchema()));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = generate(loadSchema());
  if (process.argv.includes('--check')) {
    if (readFileSync(generatedPath, 'utf8') !== text) {
      console.error('src/realtime/protocol.gen.ts is out of date: run node scripts/live-protocol.mjs');
      process.exit(1);
    }
  } else {
    writeFileSync(generatedPath, text);
  }
}
