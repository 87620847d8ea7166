// The example root module stays usable: it passes what the module requires, reads outputs that
// exist, ships a tfvars sample that the module's validations accept, and its interface (and the
// module's) is documented in docs/deploy.md.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { parse } from '@cdktf/hcl2json';
import { expression_source } from './lib/expr.mjs';
import { load_module } from './lib/module.mjs';
import { DEPLOY_DOC, EXAMPLE_DIR, MODULE_DIR } from './lib/paths.mjs';

const CALL_META = new Set(['source', 'version', 'providers', 'count', 'for_each', 'depends_on']);
// The example knows where the build writes the zip; the module cannot.
const EXAMPLE_OWN_DEFAULTS = new Set(['package_path']);

// The markdown section under a heading (up to the next heading of the same or a higher level).
function section(markdown, heading) {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => /^#+ /.test(l) && l.replace(/^#+ /, '').trim() === heading);
  assert.ok(start >= 0, `docs/deploy.md has no heading "${heading}"`);
  const level = lines[start].match(/^#+/)[0].length;
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && l.match(/^#+/)[0].length <= level);
  return lines.slice(start + 1, end < 0 ? lines.length : end).join('\n');
}

// Names in the first column of the markdown tables of a section: | `name` | ...
function table_names(text) {
  return new Set([...text.matchAll(/^\| `([A-Za-z0-9_]+)` \|/gm)].map((m) => m[1]));
}

describe('examples/basic', () => {
  let mod;
  let example;
  let call;
  let tfvars;
  let doc;
  before(async () => {
    mod = await load_module(MODULE_DIR);
    example = await load_module(EXAMPLE_DIR);
    call = example.module_calls.s3load;
    tfvars = await parse('terraform.tfvars.example', await readFile(path.join(EXAMPLE_DIR, 'terraform.tfvars.example'), 'utf8'));
    doc = await readFile(DEPLOY_DOC, 'utf8');
  });

  test('calls the module at ../.. with every variable the module requires, and only declared ones', () => {
    assert.deepEqual(Object.keys(example.module_calls), ['s3load']);
    assert.equal(call.source, '../..');
    const args = Object.keys(call).filter((k) => !CALL_META.has(k));
    for (const arg of args) assert.ok(arg in mod.variables, `the module has no variable ${arg}`);
    for (const name of Object.keys(mod.variables)) {
      if (!mod.has_default(name)) assert.ok(args.includes(name), `required module variable ${name} is not passed`);
    }
  });

  test('passes its own variables through under the same names, with the module\'s defaults', () => {
    for (const [arg, value] of Object.entries(call)) {
      if (CALL_META.has(arg)) continue;
      assert.equal(expression_source(value), `var.${arg}`, `${arg} must be passed as var.${arg}`);
      assert.ok(arg in example.variables, `the example has no variable ${arg}`);
      if (EXAMPLE_OWN_DEFAULTS.has(arg)) continue;
      assert.equal(example.has_default(arg), mod.has_default(arg), `${arg}: a default in one and not the other`);
      if (mod.has_default(arg)) {
        assert.deepEqual(example.default_of(arg), mod.default_of(arg), `${arg}: the example's default differs from the module's`);
      }
    }
  });

  test('every variable and output is described, and outputs read existing module outputs', () => {
    for (const [name, body] of [...Object.entries(example.variables), ...Object.entries(example.outputs)]) {
      assert.ok(typeof body.description === 'string' && body.description.length > 10, `${name} has no description`);
    }
    for (const [name, body] of Object.entries(example.outputs)) {
      const source = expression_source(body.value);
      const match = /^module\.s3load\.([a-z0-9_]+)$/.exec(source ?? '');
      assert.ok(match, `output ${name} must read a module output`);
      assert.ok(match[1] in mod.outputs, `output ${name} reads module output ${match[1]}, which does not exist`);
    }
  });

  test('terraform.tfvars.example sets every required variable with values the module accepts', () => {
    for (const name of Object.keys(tfvars)) assert.ok(name in example.variables, `tfvars sets undeclared ${name}`);
    for (const name of Object.keys(example.variables)) {
      if (!example.has_default(name)) assert.ok(name in tfvars, `tfvars misses required ${name}`);
    }
    for (const [name, value] of Object.entries(tfvars)) {
      if (name in mod.variables) assert.deepEqual(mod.validation_failures(name, value), [], `tfvars ${name}`);
    }
    const vars = Object.fromEntries(Object.entries(tfvars).filter(([name]) => name in mod.variables));
    const [fn] = mod.render('aws_lambda_function.s3load', { package_path: 'build/s3load-lambda.zip', ...vars });
    assert.deepEqual(fn.preconditions.filter((p) => !p.holds), [], 'the sample trips a precondition');
  });

  test('docs/deploy.md lists every module input and output, and every example variable and output', () => {
    const tables = [
      ['Module inputs', Object.keys(mod.variables)],
      ['Module outputs', Object.keys(mod.outputs)],
      ['Example variables', Object.keys(example.variables)],
      ['Example outputs', Object.keys(example.outputs)],
    ];
    for (const [heading, names] of tables) {
      const listed = table_names(section(doc, heading));
      assert.deepEqual([...listed].sort(), [...names].sort(), `"${heading}" table`);
    }
  });
});
