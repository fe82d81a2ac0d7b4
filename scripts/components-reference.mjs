#!/usr/bin/env node
// Writes the API reference of every Kehu element into docs/components.md, between the
// `<!-- reference:start -->` and `<!-- reference:end -->` markers, from the custom-elements
// manifest (packages/components/generated/custom-elements.json, made from the elements' JSDoc).
//
//   node scripts/components-reference.mjs           rewrite the block
//   node scripts/components-reference.mjs --check   exit 1 when the block is stale (CI, tests)
//
// The manifest is regenerated first when it is missing or older than a component source file.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const components = join(root, 'packages/components');
const manifestPath = join(components, 'generated/custom-elements.json');
const docPath = join(root, 'docs/components.md');
const START = '<!-- reference:start -->';
const END = '<!-- reference:end -->';
export const COMMAND = 'node scripts/components-reference.mjs';

/** Newest modification time of the files the manifest is generated from. */
function newestSource() {
  let newest = 0;
  for (const entry of readdirSync(join(components, 'src'), { recursive: true })) {
    const name = String(entry);
    if (!name.endsWith('.ts') || /\.(test|stories)\.ts$/.test(name)) continue;
    newest = Math.max(newest, statSync(join(components, 'src', name)).mtimeMs);
  }
  return newest;
}

function ensureManifest() {
  let stale = true;
  try {
    stale = statSync(manifestPath).mtimeMs < newestSource();
  } catch {
    // missing: generate it
  }
  if (!stale) return;
  const bin = join(components, 'node_modules/.bin');
  const result = spawnSync('node', ['scripts/generate-manifest.mjs'], {
    cwd: components,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` },
  });
  if (result.status !== 0) {
    throw new Error(`Generating the custom-elements manifest failed:\n${result.stdout}${result.stderr}`);
  }
}

/** Text for one Markdown table cell. */
const cell = (text) =>
  String(text ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim() || '—';
const code = (text) => (text ? `\`${String(text).replace(/\|/g, '\\|')}\`` : '—');

function table(headers, rows) {
  if (rows.length === 0) return [];
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
  ];
}

/** The Markdown of one element. Undocumented methods and events are left out: they are not API. */
function renderElement(element) {
  const lines = [`### \`<${element.tagName}>\``, ''];
  if (element.summary) lines.push(`${element.summary.trim()} Class: \`${element.name}\`.`, '');
  else lines.push(`Class: \`${element.name}\`.`, '');

  const attributes = new Map((element.attributes ?? []).map((a) => [a.fieldName ?? a.name, a]));
  const fields = (element.members ?? []).filter(
    (m) => m.kind === 'field' && !m.static && (m.privacy ?? 'public') === 'public',
  );
  const fieldRows = fields.map((field) => {
    const attribute = attributes.get(field.name);
    attributes.delete(field.name);
    return [
      code(field.name),
      attribute ? code(attribute.name) : '—',
      code(field.type?.text ?? attribute?.type?.text),
      code(attribute?.default ?? field.default),
      cell(field.description ?? attribute?.description),
    ];
  });
  for (const attribute of attributes.values()) {
    fieldRows.push([
      '—',
      code(attribute.name),
      code(attribute.type?.text),
      code(attribute.default),
      cell(attribute.description),
    ]);
  }
  if (fieldRows.length > 0) {
    lines.push('**Properties and attributes**', '');
    lines.push(...table(['property', 'attribute', 'type', 'default', 'description'], fieldRows));
  }

  const methods = (element.members ?? []).filter(
    (m) => m.kind === 'method' && !m.static && (m.privacy ?? 'public') === 'public' && m.description,
  );
  if (methods.length > 0) {
    lines.push('**Methods**', '');
    lines.push(
      ...table(
        ['method', 'description'],
        methods.map((m) => [
          code(`${m.name}(${(m.parameters ?? []).map((p) => p.name).join(', ')})`),
          cell(m.description),
        ]),
      ),
    );
  }

  const events = (element.events ?? []).filter((event) => event.name && event.description);
  if (events.length > 0) {
    lines.push('**Events**', '');
    lines.push(
      ...table(
        ['event', 'type', 'description'],
        events.map((e) => [code(e.name), code(e.type?.text), cell(e.description)]),
      ),
    );
  }

  const sections = [
    ['Slots', 'slot', element.slots, (name) => (name ? code(name) : '(default)')],
    ['CSS parts', 'part', element.cssParts, (name) => code(name)],
    ['CSS custom properties', 'property', element.cssProperties, (name) => code(name)],
    ['CSS states', 'state', element.cssStates, (name) => code(name)],
  ];
  for (const [title, noun, items, name] of sections) {
    if (!items?.length) continue;
    lines.push(`**${title}**`, '');
    lines.push(
      ...table(
        [noun, 'description'],
        items.map((item) => [name(item.name), cell(item.description)]),
      ),
    );
  }
  return lines;
}

/** The generated block, markers excluded. */
export function renderReference(manifest) {
  const elements = manifest.modules
    .flatMap((module) => module.declarations ?? [])
    .filter((declaration) => declaration.customElement && declaration.tagName)
    .sort((a, b) => a.tagName.localeCompare(b.tagName));
  const lines = [
    '',
    `<!-- Generated from the custom-elements manifest by \`${COMMAND}\`. Do not edit by hand. -->`,
    '',
  ];
  for (const element of elements) lines.push(...renderElement(element));
  return lines.join('\n');
}

/** `doc` with its reference block replaced; throws when the markers are missing. */
export function replaceBlock(doc, block) {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`docs/components.md needs the markers ${START} and ${END}, in that order.`);
  }
  return `${doc.slice(0, start + START.length)}\n${block}\n${doc.slice(end)}`;
}

function main() {
  const check = process.argv.includes('--check');
  ensureManifest();
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const doc = readFileSync(docPath, 'utf8');
  const next = replaceBlock(doc, renderReference(manifest));
  if (next === doc) {
    console.log('docs/components.md: the element reference is up to date.');
    return;
  }
  if (check) {
    console.error(
      'docs/components.md: the element reference is stale (the components changed since it was generated).\n' +
        `Run \`${COMMAND}\` and commit docs/components.md.`,
    );
    process.exit(1);
  }
  writeFileSync(docPath, next);
  console.log('docs/components.md: element reference rewritten.');
}

if (import.meta.url === `file://${process.argv[1]}`) main();
