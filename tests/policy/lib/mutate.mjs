// Copies a module to a temporary directory and weakens it with textual edits. Every edit must hit
// exactly once, so a mutation that no longer matches the module fails loudly instead of testing
// an unchanged copy.

import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

// Index just past the brace that closes the block opened by the first "{" at or after `open`.
function block_end(text, open) {
  let depth = 0;
  let i = text.indexOf('{', open);
  assert.ok(i >= 0, 'block has no body');
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '{') {
      depth++;
    } else if (c === '}' && --depth === 0) {
      return i + 1;
    }
    i++;
  }
  assert.fail('unbalanced braces');
}

function occurrences(text, needle) {
  return needle === '' ? 0 : text.split(needle).length - 1;
}

// Applies one edit to `text`: { from, to } replaced inside `within` (a block header such as
// 'resource "aws_sqs_queue" "on_failure"') or the whole file, or { append }.
export function apply_edit(text, edit, label) {
  if (edit.append !== undefined) {
    assert.ok(edit.append.trim().length > 0, `${label}: empty append`);
    return `${text}\n${edit.append}\n`;
  }
  assert.notEqual(edit.from, edit.to, `${label}: replacement must change the text`);
  let start = 0;
  let end = text.length;
  if (edit.within) {
    const header = `${edit.within} {`;
    assert.equal(occurrences(text, header), 1, `${label}: block ${edit.within} must occur once`);
    start = text.indexOf(header);
    end = block_end(text, start + edit.within.length);
  }
  const region = text.slice(start, end);
  const hits = occurrences(region, edit.from);
  assert.equal(hits, 1, `${label}: "${edit.from}" must occur exactly once${edit.within ? ` in ${edit.within}` : ''}, found ${hits}`);
  const mutated = text.slice(0, start) + region.replace(edit.from, () => edit.to) + text.slice(end);
  assert.notEqual(mutated, text, `${label}: the text did not change`);
  return mutated;
}

// A temporary copy of the module's .tf files with `edits` applied; remove it with remove_copy().
export async function mutated_copy(module_dir, edits) {
  assert.ok(edits.length > 0, 'a mutation needs at least one edit');
  const dir = await mkdtemp(path.join(os.tmpdir(), 's3load-policy-'));
  for (const name of await readdir(module_dir)) {
    if (name.endsWith('.tf')) await copyFile(path.join(module_dir, name), path.join(dir, name));
  }
  try {
    for (const [i, edit] of edits.entries()) {
      const file = path.join(dir, edit.file);
      const text = await readFile(file, 'utf8');
      await writeFile(file, apply_edit(text, edit, `edit ${i + 1} of ${edit.file}`));
    }
  } catch (e) {
    await remove_copy(dir);
    throw e;
  }
  return dir;
}

export async function remove_copy(dir) {
  await rm(dir, { recursive: true, force: true });
}
