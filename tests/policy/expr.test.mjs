// The expression interpreter the policy checks rely on: if it evaluated something differently
// from Terraform, a property could pass on a module that Terraform renders otherwise.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ExprError, evaluate, evaluate_template, expression_source, make_ref, parse_expression, to_plain } from './lib/expr.mjs';

const VARS = {
  timeout: 300,
  feeds: [
    { name: 'a', prefix: 'acme/', suffix: '.csv' },
    { name: 'b', prefix: 'globex/', suffix: '' },
  ],
  empty: [],
  tags: { team: 'data' },
};

function scope(name) {
  if (name === 'var') return VARS;
  if (name === 'aws_sqs_queue') return { q: make_ref('aws_sqs_queue.q') };
  throw new ExprError(`unknown name ${name}`);
}

const run = (src) => to_plain(evaluate(parse_expression(src), scope));

describe('expression interpreter', () => {
  test('arithmetic follows HCL precedence', () => {
    assert.equal(run('6 * var.timeout + 30'), 1830);
    assert.equal(run('6 * (var.timeout + 30)'), 1980);
    assert.equal(run('10 - 4 - 3'), 3);
    assert.equal(run('7 % 4 * 2'), 6);
    assert.equal(run('-var.timeout + 1'), -299);
  });

  test('comparison binds tighter than logic, && tighter than ||', () => {
    assert.equal(run('var.timeout >= 1 && var.timeout <= 900'), true);
    assert.equal(run('var.timeout > 900 || var.timeout < 1'), false);
    assert.equal(run('true || false && false'), true);
    assert.equal(run('!(var.timeout == 300)'), false);
  });

  test('a conditional evaluates only the chosen branch', () => {
    assert.equal(run('length(var.empty) > 0 ? var.empty[0] : "none"'), 'none');
    assert.deepEqual(run('var.timeout == 300 ? [1] : []'), [1]);
  });

  test('logical operators evaluate both sides, as Terraform does', () => {
    assert.throws(() => run('true || var.missing'), /unsupported attribute \.missing/);
  });

  test('for expressions build lists and objects, with filters and index variables', () => {
    assert.deepEqual(run('[for f in var.feeds : "${f.prefix}*"]'), ['acme/*', 'globex/*']);
    assert.deepEqual(run('{ for f in var.feeds : f.name => f.suffix if f.suffix != "" }'), { a: '.csv' });
    assert.deepEqual(run('[for i, f in var.feeds : i]'), [0, 1]);
    assert.deepEqual(run('[for k, v in var.tags : "${k}=${v}"]'), ['team=data']);
    assert.throws(() => run('{ for f in var.feeds : "same" => f }'), /duplicate key/);
  });

  test('nested for expressions and flatten', () => {
    assert.deepEqual(run('flatten([for a in var.feeds : [for b in var.feeds : a.name == b.name]])'), [true, false, false, true]);
  });

  test('object literals accept newlines, commas and quoted keys', () => {
    assert.deepEqual(run('{\n a = 1\n "b-c" = "x"\n d = 2, e = 3 }'), { a: 1, 'b-c': 'x', d: 2, e: 3 });
  });

  test('quoted strings inside expressions are unescaped once', () => {
    assert.equal(run('"a\\"b\\\\c\\n"'), 'a"b\\c\n');
    assert.equal(run('can(regex("^a\\\\.b$", "a.b"))'), true);
    assert.equal(run('can(regex("^a\\\\.b$", "axb"))'), false);
  });

  test('regex supports the (?i) flag and returns captures', () => {
    assert.equal(run('can(regex("(?i)password", "PassWord=1"))'), true);
    assert.deepEqual(run('regex("^([a-z]+)-([0-9]+)$", "abc-12")'), ['abc', '12']);
    assert.equal(run('regex("[0-9]+", "ab12")'), '12');
  });

  test('can and try turn evaluation errors into values', () => {
    assert.equal(run('can(var.feeds[5])'), false);
    assert.equal(run('can(var.feeds[1])'), true);
    assert.equal(run('try(var.feeds[5].name, "fallback")'), 'fallback');
  });

  test('references to resources stay symbolic and print as their address', () => {
    assert.equal(run('aws_sqs_queue.q.arn'), '${aws_sqs_queue.q.arn}');
    assert.equal(run('aws_sqs_queue.q[0].arn'), '${aws_sqs_queue.q[0].arn}');
    assert.equal(run('"${aws_sqs_queue.q.arn}:*"'), '${aws_sqs_queue.q.arn}:*');
    assert.equal(run('jsonencode({ target = aws_sqs_queue.q.arn, count = 5 })'), '{"target":"${aws_sqs_queue.q.arn}","count":5}');
  });

  test('splat expressions map over lists', () => {
    assert.deepEqual(run('var.feeds[*].name'), ['a', 'b']);
  });

  test('collection functions', () => {
    assert.deepEqual(run('concat(["x"], [for f in var.feeds : f.name])'), ['x', 'a', 'b']);
    assert.deepEqual(run('distinct(["a", "b", "a"])'), ['a', 'b']);
    assert.equal(run('contains(["arm64", "x86_64"], "arm64")'), true);
    assert.equal(run('alltrue([])'), true);
    assert.deepEqual(run('merge(var.tags, { env = "prod" })'), { team: 'data', env: 'prod' });
    assert.equal(run('min(var.timeout, 1000)'), 300);
    assert.deepEqual(run('split(":", "arn:aws:lambda:eu-west-1")'), ['arn', 'aws', 'lambda', 'eu-west-1']);
    assert.equal(run('startswith("acme/orders/", "acme/")'), true);
    assert.equal(run('endswith(".csv", "")'), true);
  });

  test('unknown names, attributes and functions are errors, never silently skipped', () => {
    assert.throws(() => run('local.x'), ExprError);
    assert.throws(() => run('var.nope'), /unsupported attribute \.nope/);
    assert.throws(() => run('uuid()'), /function uuid\(\) is not supported/);
    assert.throws(() => run('var.feeds[2]'), /out of range/);
    assert.throws(() => parse_expression('1 +'), ExprError);
    assert.throws(() => parse_expression('[for x in y : x'), ExprError);
    assert.throws(() => run('"%{ if true }x%{ endif }"'), /directives are not supported/);
  });

  test('top-level values: a lone interpolation keeps its type, templates build strings', () => {
    assert.deepEqual(evaluate_template('${var.feeds[*].name}', scope), ['a', 'b']);
    assert.equal(evaluate_template('timeout is ${var.timeout}s', scope), 'timeout is 300s');
    assert.equal(evaluate_template('already "unescaped" \\ text', scope), 'already "unescaped" \\ text');
    assert.deepEqual(evaluate_template({ a: ['${var.timeout}', 2] }, scope), { a: [300, 2] });
  });

  test('expression_source gives the written expression of a lone interpolation', () => {
    assert.equal(expression_source('${6 *  var.timeout\n + 1}'), '6 * var.timeout + 1');
    assert.equal(expression_source('prefix-${var.x}'), null);
    assert.equal(expression_source(5), null);
  });
});
