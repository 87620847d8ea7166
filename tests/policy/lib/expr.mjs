// A small interpreter for the Terraform expression language, enough to render the s3load module
// for given variable values: literals, templates, operators, conditionals, for expressions,
// indexing, splats and the built-in functions the module uses.
//
// @cdktf/hcl2json returns every expression as a template string ("${var.x}", "arn:${...}"); the
// literal parts of that top-level template are already unescaped, the expression source inside
// "${...}" is raw HCL. evaluate_template() takes such a string.
//
// References that cannot be resolved to a value (resource attributes, unknown data sources) become
// symbolic references: they print as "${aws_sqs_queue.on_failure.arn}", so a rendered attribute can be
// compared with the reference it must hold. Anything unsupported throws an ExprError: a test must
// never pass because an expression was silently skipped.

export class ExprError extends Error {}

// ---------------------------------------------------------------------------------------------
// Symbolic references
// ---------------------------------------------------------------------------------------------

const REF_PATH = Symbol('ref_path');

export function make_ref(path) {
  const text = '${' + path + '}';
  return new Proxy(Object.create(null), {
    get(_target, prop) {
      if (prop === REF_PATH) return path;
      if (prop === Symbol.toPrimitive || prop === 'toString' || prop === 'toJSON') return () => text;
      if (typeof prop === 'symbol' || prop === 'then') return undefined;
      return make_ref(/^[0-9]+$/.test(prop) ? `${path}[${prop}]` : `${path}.${prop}`);
    },
    has(_target, prop) {
      return prop === REF_PATH;
    },
  });
}

export function is_ref(value) {
  return value !== null && typeof value === 'object' && REF_PATH in value;
}

export function ref_path(value) {
  return value[REF_PATH];
}

// Turns references into their "${path}" text, recursively: the form assertions compare with.
export function to_plain(value) {
  if (is_ref(value)) return '${' + ref_path(value) + '}';
  if (Array.isArray(value)) return value.map(to_plain);
  if (value !== null && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = to_plain(v);
    return out;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

const PUNCTUATION = ['...', '=>', '==', '!=', '<=', '>=', '&&', '||', '+', '-', '*', '/', '%', '<', '>', '!', '?',
  ':', '(', ')', '[', ']', '{', '}', ',', '.', '='];

function unescape_hcl(raw) {
  return raw.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_m, c) => {
    switch (c[0]) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case '"': return '"';
      case '\\': return '\\';
      case 'u': case 'U': return String.fromCodePoint(parseInt(c.slice(1), 16));
      default: throw new ExprError(`unsupported escape \\${c}`);
    }
  });
}

// Returns the index just past the "}" that closes an interpolation whose body starts at `start`.
function interpolation_end(src, start) {
  let depth = 1;
  let i = start;
  while (i < src.length) {
    const c = src[i];
    if (c === '"') {
      i = quoted_end(src, i + 1);
      continue;
    }
    if (c === '{') depth++;
    if (c === '}' && --depth === 0) return i + 1;
    i++;
  }
  throw new ExprError(`unterminated interpolation in: ${src}`);
}

// Index just past the closing quote of a quoted string whose body starts at `start`.
function quoted_end(src, start) {
  let i = start;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') { i += 2; continue; }
    if (c === '$' && src[i + 1] === '{') { i = interpolation_end(src, i + 2); continue; }
    if (c === '"') return i + 1;
    i++;
  }
  throw new ExprError(`unterminated string in: ${src}`);
}

// Splits a template into literal and expression parts. `raw` says whether literal parts still
// carry HCL escapes (quoted strings inside expressions) or not (top-level hcl2json values).
function template_parts(body, raw) {
  const parts = [];
  let literal = '';
  let i = 0;
  while (i < body.length) {
    if (body[i] === '%' && body[i + 1] === '{') throw new ExprError('template directives are not supported');
    if (body[i] === '$' && body[i + 1] === '{') {
      if (literal) parts.push({ literal: raw ? unescape_hcl(literal) : literal });
      literal = '';
      const end = interpolation_end(body, i + 2);
      parts.push({ expr: parse_expression(body.slice(i + 2, end - 1)) });
      i = end;
      continue;
    }
    if (raw && body[i] === '\\') { literal += body.slice(i, i + 2); i += 2; continue; }
    literal += body[i];
    i++;
  }
  if (literal) parts.push({ literal: raw ? unescape_hcl(literal) : literal });
  return parts;
}

function tokenize(src) {
  const tokens = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '#' || (c === '/' && src[i + 1] === '/')) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '"') {
      const end = quoted_end(src, i + 1);
      tokens.push({ type: 'string', parts: template_parts(src.slice(i + 1, end - 1), true) });
      i = end;
      continue;
    }
    const number = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(src.slice(i));
    if (number) {
      tokens.push({ type: 'number', value: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i));
    if (ident) {
      tokens.push({ type: 'ident', value: ident[0] });
      i += ident[0].length;
      continue;
    }
    const punct = PUNCTUATION.find((p) => src.startsWith(p, i));
    if (!punct) throw new ExprError(`unexpected character '${c}' in: ${src}`);
    tokens.push({ type: 'punct', value: punct });
    i += punct.length;
  }
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Parser (precedence as in the HCL specification)
// ---------------------------------------------------------------------------------------------

const BINARY_LEVELS = [['||'], ['&&'], ['==', '!='], ['<', '>', '<=', '>='], ['+', '-'], ['*', '/', '%']];

class Parser {
  constructor(src) {
    this.src = src;
    this.tokens = tokenize(src);
    this.pos = 0;
  }

  peek(offset = 0) {
    return this.tokens[this.pos + offset];
  }

  is(value, offset = 0) {
    const t = this.peek(offset);
    return t !== undefined && (t.type === 'punct' || t.type === 'ident') && t.value === value;
  }

  expect(value) {
    if (!this.is(value)) throw new ExprError(`expected '${value}' at token ${this.pos} in: ${this.src}`);
    this.pos++;
  }

  ident() {
    const t = this.peek();
    if (!t || t.type !== 'ident') throw new ExprError(`expected a name at token ${this.pos} in: ${this.src}`);
    this.pos++;
    return t.value;
  }

  parse() {
    const node = this.expression();
    if (this.pos !== this.tokens.length) throw new ExprError(`unexpected trailing tokens in: ${this.src}`);
    return node;
  }

  expression() {
    const cond = this.binary(0);
    if (!this.is('?')) return cond;
    this.pos++;
    const then = this.expression();
    this.expect(':');
    const otherwise = this.expression();
    return { kind: 'cond', cond, then, otherwise };
  }

  binary(level) {
    if (level === BINARY_LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const t = this.peek();
      if (!t || t.type !== 'punct' || !BINARY_LEVELS[level].includes(t.value)) return left;
      this.pos++;
      left = { kind: 'binary', op: t.value, left, right: this.binary(level + 1) };
    }
  }

  unary() {
    if (this.is('!') || this.is('-')) {
      const op = this.peek().value;
      this.pos++;
      return { kind: 'unary', op, operand: this.unary() };
    }
    return this.postfix(this.primary());
  }

  postfix(node) {
    for (;;) {
      if (this.is('.') && this.is('*', 1)) {
        throw new ExprError(`attribute-only splat is not supported in: ${this.src}`);
      }
      if (this.is('.')) {
        this.pos++;
        const t = this.peek();
        if (t && t.type === 'number') { this.pos++; node = { kind: 'index', target: node, index: { kind: 'literal', value: t.value } }; continue; }
        node = { kind: 'attr', target: node, name: this.ident() };
        continue;
      }
      if (this.is('[') && this.is('*', 1) && this.is(']', 2)) {
        this.pos += 3;
        // Full splat: the rest of the traversal applies to each element.
        const inner = this.postfix({ kind: 'splat_item' });
        node = { kind: 'splat', target: node, each: inner };
        continue;
      }
      if (this.is('[')) {
        this.pos++;
        const index = this.expression();
        this.expect(']');
        node = { kind: 'index', target: node, index };
        continue;
      }
      return node;
    }
  }

  primary() {
    const t = this.peek();
    if (!t) throw new ExprError(`unexpected end of expression: ${this.src}`);
    if (t.type === 'number') { this.pos++; return { kind: 'literal', value: t.value }; }
    if (t.type === 'string') { this.pos++; return { kind: 'template', parts: t.parts }; }
    if (t.type === 'ident') {
      this.pos++;
      if (t.value === 'true') return { kind: 'literal', value: true };
      if (t.value === 'false') return { kind: 'literal', value: false };
      if (t.value === 'null') return { kind: 'literal', value: null };
      if (this.is('(')) return this.call(t.value);
      return { kind: 'name', name: t.value };
    }
    if (this.is('(')) {
      this.pos++;
      const inner = this.expression();
      this.expect(')');
      return inner;
    }
    if (this.is('[')) return this.is('for', 1) ? this.for_expr('[', ']') : this.tuple();
    if (this.is('{')) return this.is('for', 1) ? this.for_expr('{', '}') : this.object();
    throw new ExprError(`unexpected '${t.value}' at token ${this.pos} in: ${this.src}`);
  }

  call(name) {
    this.expect('(');
    const args = [];
    while (!this.is(')')) {
      args.push(this.expression());
      if (this.is('...')) throw new ExprError(`argument expansion is not supported in: ${this.src}`);
      if (!this.is(')')) this.expect(',');
    }
    this.expect(')');
    return { kind: 'call', name, args };
  }

  tuple() {
    this.expect('[');
    const items = [];
    while (!this.is(']')) {
      items.push(this.expression());
      if (!this.is(']')) this.expect(',');
    }
    this.expect(']');
    return { kind: 'tuple', items };
  }

  object() {
    this.expect('{');
    const items = [];
    while (!this.is('}')) {
      let key;
      const t = this.peek();
      if (t.type === 'ident' && (this.is('=', 1) || this.is(':', 1))) {
        this.pos++;
        key = { kind: 'literal', value: t.value };
      } else {
        key = this.expression();
      }
      if (this.is('=') || this.is(':')) this.pos++;
      else throw new ExprError(`expected '=' in object at token ${this.pos} in: ${this.src}`);
      items.push({ key, value: this.expression() });
      if (this.is(',')) this.pos++;
    }
    this.expect('}');
    return { kind: 'object', items };
  }

  for_expr(open, close) {
    this.expect(open);
    this.expect('for');
    let key_var = null;
    let value_var = this.ident();
    if (this.is(',')) {
      this.pos++;
      key_var = value_var;
      value_var = this.ident();
    }
    this.expect('in');
    const collection = this.expression();
    this.expect(':');
    let key = null;
    let value = this.expression();
    if (open === '{') {
      this.expect('=>');
      key = value;
      value = this.expression();
      if (this.is('...')) throw new ExprError(`grouping for expressions are not supported in: ${this.src}`);
    }
    let filter = null;
    if (this.is('if')) {
      this.pos++;
      filter = this.expression();
    }
    this.expect(close);
    return { kind: open === '[' ? 'for_list' : 'for_object', key_var, value_var, collection, key, value, filter };
  }
}

const parse_cache = new Map();

export function parse_expression(src) {
  let node = parse_cache.get(src);
  if (!node) {
    node = new Parser(src).parse();
    parse_cache.set(src, node);
  }
  return node;
}

// ---------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------

function type_name(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  if (is_ref(v)) return 'reference';
  return typeof v;
}

function need(cond, message) {
  if (!cond) throw new ExprError(message);
}

function number(v, what) {
  need(typeof v === 'number', `${what}: expected a number, got ${type_name(v)}`);
  return v;
}

function bool(v, what) {
  need(typeof v === 'boolean', `${what}: expected a bool, got ${type_name(v)}`);
  return v;
}

function string(v, what) {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (is_ref(v)) return String(v);
  need(typeof v === 'string', `${what}: expected a string, got ${type_name(v)}`);
  return v;
}

function is_map(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !is_ref(v);
}

export function equal(a, b) {
  if (is_ref(a) || is_ref(b)) return is_ref(a) && is_ref(b) && ref_path(a) === ref_path(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i]));
  }
  if (is_map(a) || is_map(b)) {
    if (!is_map(a) || !is_map(b)) return false;
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return equal(ka, kb) && ka.every((k) => equal(a[k], b[k]));
  }
  return a === b;
}

// RE2 patterns of the module are plain enough for JavaScript's engine; only the leading (?i)
// flag group needs translating.
function to_regexp(pattern) {
  let flags = 'u';
  let source = pattern;
  const m = /^\(\?([a-z]+)\)/.exec(source);
  if (m) {
    need(/^[i]+$/.test(m[1]), `regex flags (?${m[1]}) are not supported`);
    flags += 'i';
    source = source.slice(m[0].length);
  }
  return new RegExp(source, flags);
}

const FUNCTIONS = {
  abs: (x) => Math.abs(number(x, 'abs')),
  alltrue: (list) => list.every((x) => bool(x, 'alltrue')),
  anytrue: (list) => list.some((x) => bool(x, 'anytrue')),
  ceil: (x) => Math.ceil(number(x, 'ceil')),
  coalesce: (...args) => {
    const found = args.find((x) => x !== null && x !== '');
    need(found !== undefined, 'coalesce: no non-null, non-empty argument');
    return found;
  },
  compact: (list) => list.filter((x) => x !== null && x !== ''),
  concat: (...lists) => lists.flatMap((l) => { need(Array.isArray(l), 'concat: expected lists'); return l; }),
  contains: (list, value) => {
    need(Array.isArray(list), `contains: expected a list, got ${type_name(list)}`);
    return list.some((x) => equal(x, value));
  },
  distinct: (list) => list.filter((x, i) => list.findIndex((y) => equal(x, y)) === i),
  endswith: (s, suffix) => string(s, 'endswith').endsWith(string(suffix, 'endswith')),
  filebase64sha256: (path) => make_ref(`filebase64sha256(${JSON.stringify(path)})`),
  flatten: (list) => {
    const out = [];
    const walk = (l) => l.forEach((x) => (Array.isArray(x) ? walk(x) : out.push(x)));
    walk(list);
    return out;
  },
  floor: (x) => Math.floor(number(x, 'floor')),
  join: (sep, list) => list.map((x) => string(x, 'join')).join(sep),
  jsonencode: (v) => JSON.stringify(v),
  keys: (m) => Object.keys(m).sort(),
  length: (v) => {
    if (typeof v === 'string') return [...v].length;
    if (Array.isArray(v)) return v.length;
    if (is_map(v)) return Object.keys(v).length;
    throw new ExprError(`length: unsupported ${type_name(v)}`);
  },
  lookup: (m, key, ...fallback) => {
    if (Object.prototype.hasOwnProperty.call(m, key)) return m[key];
    need(fallback.length === 1, `lookup: no key ${key}`);
    return fallback[0];
  },
  lower: (s) => string(s, 'lower').toLowerCase(),
  max: (...xs) => Math.max(...xs.map((x) => number(x, 'max'))),
  merge: (...maps) => Object.assign({}, ...maps.map((m) => { need(is_map(m) || m === null, 'merge: expected maps'); return m ?? {}; })),
  min: (...xs) => Math.min(...xs.map((x) => number(x, 'min'))),
  one: (list) => {
    need(list.length <= 1, 'one: more than one element');
    return list.length ? list[0] : null;
  },
  regex: (pattern, s) => {
    const m = to_regexp(string(pattern, 'regex')).exec(string(s, 'regex'));
    need(m !== null, `regex: no match for ${pattern}`);
    if (m.length === 1) return m[0];
    if (m.groups) return { ...m.groups };
    return m.slice(1);
  },
  replace: (s, from, to) => string(s, 'replace').split(string(from, 'replace')).join(string(to, 'replace')),
  split: (sep, s) => string(s, 'split').split(string(sep, 'split')),
  startswith: (s, prefix) => string(s, 'startswith').startsWith(string(prefix, 'startswith')),
  tolist: (v) => [...v],
  tomap: (v) => ({ ...v }),
  tonumber: (v) => (v === null ? null : number(typeof v === 'string' ? Number(v) : v, 'tonumber')),
  toset: (v) => FUNCTIONS.distinct([...v]),
  tostring: (v) => (v === null ? null : string(v, 'tostring')),
  trimspace: (s) => string(s, 'trimspace').trim(),
  upper: (s) => string(s, 'upper').toUpperCase(),
  values: (m) => Object.keys(m).sort().map((k) => m[k]),
};

// A scope is a function from a root name (var, local, each, a for variable, a resource type...)
// to its value; it throws ExprError for names it does not know.
export function evaluate(node, scope) {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'template': {
      // As in HCL, a template that is one interpolation yields that value unconverted.
      if (node.parts.length === 1 && node.parts[0].expr) return evaluate(node.parts[0].expr, scope);
      return render_parts(node.parts, scope);
    }
    case 'name':
      return scope(node.name);
    case 'attr': {
      const target = evaluate(node.target, scope);
      if (is_ref(target)) return target[node.name];
      need(is_map(target), `cannot read .${node.name} of ${type_name(target)}`);
      need(Object.prototype.hasOwnProperty.call(target, node.name), `unsupported attribute .${node.name}`);
      return target[node.name];
    }
    case 'index': {
      const target = evaluate(node.target, scope);
      const index = evaluate(node.index, scope);
      if (is_ref(target)) return target[String(index)];
      if (Array.isArray(target)) {
        number(index, 'index');
        need(index >= 0 && index < target.length, `index ${index} out of range`);
        return target[index];
      }
      need(is_map(target), `cannot index ${type_name(target)}`);
      need(Object.prototype.hasOwnProperty.call(target, index), `no key ${JSON.stringify(index)}`);
      return target[index];
    }
    case 'splat': {
      const target = evaluate(node.target, scope);
      const list = target === null ? [] : Array.isArray(target) ? target : is_map(target) ? Object.values(target) : [target];
      return list.map((item) => evaluate(node.each, (name) => (name === '\u0000item' ? item : scope(name))));
    }
    case 'splat_item':
      return scope('\u0000item');
    case 'unary': {
      const v = evaluate(node.operand, scope);
      return node.op === '!' ? !bool(v, '!') : -number(v, '-');
    }
    case 'binary':
      return binary(node, scope);
    case 'cond':
      return bool(evaluate(node.cond, scope), 'condition') ? evaluate(node.then, scope) : evaluate(node.otherwise, scope);
    case 'tuple':
      return node.items.map((item) => evaluate(item, scope));
    case 'object': {
      const out = {};
      for (const { key, value } of node.items) out[string(evaluate(key, scope), 'object key')] = evaluate(value, scope);
      return out;
    }
    case 'for_list':
    case 'for_object':
      return for_expr(node, scope);
    case 'call':
      return call(node, scope);
    default:
      throw new ExprError(`unknown node ${node.kind}`);
  }
}

function render_parts(parts, scope) {
  let out = '';
  for (const part of parts) {
    if (part.literal !== undefined) { out += part.literal; continue; }
    const v = evaluate(part.expr, scope);
    need(v !== null, 'null value in a string template');
    out += string(v, 'template');
  }
  return out;
}

function binary(node, scope) {
  const { op } = node;
  const left = evaluate(node.left, scope);
  // Terraform evaluates both operands; so do we, so that an error on either side is not hidden.
  const right = evaluate(node.right, scope);
  switch (op) {
    case '||': return bool(left, '||') || bool(right, '||');
    case '&&': return bool(left, '&&') && bool(right, '&&');
    case '==': return equal(left, right);
    case '!=': return !equal(left, right);
    case '<': return number(left, op) < number(right, op);
    case '>': return number(left, op) > number(right, op);
    case '<=': return number(left, op) <= number(right, op);
    case '>=': return number(left, op) >= number(right, op);
    case '+': return number(left, op) + number(right, op);
    case '-': return number(left, op) - number(right, op);
    case '*': return number(left, op) * number(right, op);
    case '/': return number(left, op) / number(right, op);
    case '%': return number(left, op) % number(right, op);
    default: throw new ExprError(`unknown operator ${op}`);
  }
}

function for_expr(node, scope) {
  const collection = evaluate(node.collection, scope);
  let entries;
  if (Array.isArray(collection)) entries = collection.map((v, i) => [i, v]);
  else if (is_map(collection)) entries = Object.keys(collection).sort().map((k) => [k, collection[k]]);
  else throw new ExprError(`for: cannot iterate over ${type_name(collection)}`);

  const list = [];
  const object = {};
  for (const [k, v] of entries) {
    const inner = (name) => {
      if (name === node.value_var) return v;
      if (node.key_var !== null && name === node.key_var) return k;
      return scope(name);
    };
    if (node.filter && !bool(evaluate(node.filter, inner), 'for filter')) continue;
    if (node.kind === 'for_list') {
      list.push(evaluate(node.value, inner));
    } else {
      const key = string(evaluate(node.key, inner), 'for key');
      need(!Object.prototype.hasOwnProperty.call(object, key), `for: duplicate key ${key}`);
      object[key] = evaluate(node.value, inner);
    }
  }
  return node.kind === 'for_list' ? list : object;
}

function call(node, scope) {
  if (node.name === 'can') {
    need(node.args.length === 1, 'can takes one argument');
    try {
      evaluate(node.args[0], scope);
      return true;
    } catch (e) {
      if (e instanceof ExprError) return false;
      throw e;
    }
  }
  if (node.name === 'try') {
    for (const arg of node.args) {
      try {
        return evaluate(arg, scope);
      } catch (e) {
        if (!(e instanceof ExprError)) throw e;
      }
    }
    throw new ExprError('try: no argument could be evaluated');
  }
  const fn = FUNCTIONS[node.name];
  need(fn !== undefined, `function ${node.name}() is not supported`);
  return fn(...node.args.map((a) => evaluate(a, scope)));
}

// Evaluates one value as hcl2json returns it: a template string (literal parts already
// unescaped), or a number, bool, null, list or object of such values.
export function evaluate_template(value, scope) {
  if (typeof value === 'string') {
    const parts = template_parts(value, false);
    if (parts.length === 1 && parts[0].expr) return evaluate(parts[0].expr, scope);
    return render_parts(parts, scope);
  }
  if (Array.isArray(value)) return value.map((v) => evaluate_template(v, scope));
  if (value !== null && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = evaluate_template(v, scope);
    return out;
  }
  return value;
}

// The source of a lone "${...}" value, whitespace collapsed; null for anything else. Used to
// assert that an attribute is written as a given expression.
export function expression_source(value) {
  if (typeof value !== 'string') return null;
  const parts = template_parts(value, false);
  if (parts.length !== 1 || !parts[0].expr) return null;
  return value.slice(2, -1).replace(/\s+/g, ' ').trim();
}
