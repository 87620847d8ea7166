// Loads a Terraform module with a real HCL parser (@cdktf/hcl2json) and renders its resources and
// data sources for given variable values, the way `terraform plan` would see them before apply:
// count/for_each expanded, dynamic blocks expanded, locals and variables resolved, references to
// other resources kept as symbolic "${type.name.attr}" strings.

import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { ExprError, evaluate, evaluate_template, expression_source, make_ref, parse_expression, to_plain } from './expr.mjs';

// What the AWS data sources answer in the tests' pretend account.
export const DATA_FIXTURE = {
  aws_partition: { current: { partition: 'aws' } },
  aws_region: { current: { name: 'eu-west-1' } },
  aws_caller_identity: { current: { account_id: '111122223333' } },
};

// Block arguments that Terraform itself interprets; they are kept as written.
const META_ARGUMENTS = new Set(['count', 'for_each', 'depends_on', 'lifecycle', 'provider', 'providers']);

// Parsed files by name and content: mutated copies of a module re-parse only the edited file.
const parsed = new Map();

async function parse_file(name, text) {
  const key = `${name}\u0000${text}`;
  if (!parsed.has(key)) parsed.set(key, await parse(name, text));
  return structuredClone(parsed.get(key));
}

export async function load_module(dir) {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.tf')).sort();
  assert.ok(names.length > 0, `no .tf files in ${dir}`);
  const files = {};
  for (const name of names) files[name] = await parse_file(name, await readFile(path.join(dir, name), 'utf8'));
  return new Module(dir, files);
}

function define_once(target, key, value, what) {
  assert.ok(!(key in target), `${what} ${key} is declared twice`);
  target[key] = value;
}

function single_body(bodies, what) {
  assert.equal(bodies.length, 1, `${what} must be declared once`);
  return bodies[0];
}

function is_block_list(value) {
  return Array.isArray(value) && value.length > 0 && value.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v));
}

// Fills optional object attributes from a type constraint such as
// list(object({ name = string, suffix = optional(string, "") })), as Terraform does for inputs.
function apply_type_defaults(type_node, value) {
  if (value === null || value === undefined || type_node.kind !== 'call') return value;
  const [arg] = type_node.args;
  switch (type_node.name) {
    case 'list':
    case 'set':
      return Array.isArray(value) ? value.map((v) => apply_type_defaults(arg, v)) : value;
    case 'map':
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, apply_type_defaults(arg, v)]));
    case 'object': {
      const out = { ...value };
      for (const item of arg.items) {
        const key = evaluate(item.key, () => { throw new ExprError('no names in type keys'); });
        let attr_type = item.value;
        if (attr_type.kind === 'call' && attr_type.name === 'optional') {
          if (!(key in out) || out[key] === null) {
            out[key] = attr_type.args.length > 1 ? evaluate(attr_type.args[1], () => { throw new ExprError('no names in defaults'); }) : null;
          }
          attr_type = attr_type.args[0];
        } else {
          assert.ok(key in out, `attribute ${key} is required by the type`);
        }
        out[key] = apply_type_defaults(attr_type, out[key]);
      }
      return out;
    }
    default:
      return value;
  }
}

export class Module {
  constructor(dir, files) {
    this.dir = dir;
    this.files = files;
    this.variables = {};
    this.outputs = {};
    this.locals = {};
    this.resources = {};
    this.data_sources = {};
    this.module_calls = {};
    this.terraform_blocks = [];
    for (const json of Object.values(files)) {
      for (const [name, bodies] of Object.entries(json.variable ?? {})) define_once(this.variables, name, single_body(bodies, `variable ${name}`), 'variable');
      for (const [name, bodies] of Object.entries(json.output ?? {})) define_once(this.outputs, name, single_body(bodies, `output ${name}`), 'output');
      for (const block of json.locals ?? []) for (const [name, value] of Object.entries(block)) define_once(this.locals, name, value, 'local');
      for (const [type, by_name] of Object.entries(json.resource ?? {})) {
        for (const [name, bodies] of Object.entries(by_name)) define_once(this.resources, `${type}.${name}`, single_body(bodies, `${type}.${name}`), 'resource');
      }
      for (const [type, by_name] of Object.entries(json.data ?? {})) {
        for (const [name, bodies] of Object.entries(by_name)) define_once(this.data_sources, `data.${type}.${name}`, single_body(bodies, `data.${type}.${name}`), 'data source');
      }
      for (const [name, bodies] of Object.entries(json.module ?? {})) define_once(this.module_calls, name, single_body(bodies, `module ${name}`), 'module');
      this.terraform_blocks.push(...(json.terraform ?? []));
    }
  }

  // Addresses of one type: "aws_sqs_queue" -> ["aws_sqs_queue.ingest", ...]; data sources as
  // "data.aws_iam_policy_document".
  addresses(type) {
    const pool = type.startsWith('data.') ? this.data_sources : this.resources;
    return Object.keys(pool).filter((a) => a.startsWith(`${type}.`) && a.split('.').length === (type.startsWith('data.') ? 3 : 2));
  }

  has_default(name) {
    assert.ok(name in this.variables, `variable ${name} is not declared`);
    return Object.prototype.hasOwnProperty.call(this.variables[name], 'default');
  }

  default_of(name) {
    assert.ok(this.has_default(name), `variable ${name} has no default`);
    return evaluate_template(this.variables[name].default, () => { throw new ExprError('defaults are literals'); });
  }

  // The variable's value as Terraform would pass it in: the given one, or the default.
  input(name, value) {
    const body = this.variables[name];
    const type = typeof body.type === 'string' ? parse_expression(body.type.slice(2, -1)) : null;
    return type ? apply_type_defaults(type, value) : value;
  }

  // Messages of the validation rules of `name` that reject `value` (empty: accepted).
  validation_failures(name, value) {
    assert.ok(name in this.variables, `variable ${name} is not declared`);
    const input = this.input(name, value);
    const scope = (root) => {
      if (root === 'var') return { [name]: input };
      throw new ExprError(`a validation rule may only refer to var.${name}, not ${root}`);
    };
    const failures = [];
    for (const rule of this.variables[name].validation ?? []) {
      if (evaluate_template(rule.condition, scope) !== true) failures.push(rule.error_message);
    }
    return failures;
  }

  // Evaluation scope for the given variable values (others take their defaults).
  scope(vars = {}) {
    for (const name of Object.keys(vars)) assert.ok(name in this.variables, `variable ${name} is not declared`);
    const var_object = {};
    for (const name of Object.keys(this.variables)) {
      Object.defineProperty(var_object, name, {
        enumerable: true,
        get: () => {
          if (Object.prototype.hasOwnProperty.call(vars, name)) return this.input(name, vars[name]);
          if (this.has_default(name)) return this.input(name, this.default_of(name));
          throw new ExprError(`variable ${name} is required and was not given`);
        },
      });
    }

    const local_object = {};
    const cache = new Map();
    const resolving = new Set();
    for (const name of Object.keys(this.locals)) {
      Object.defineProperty(local_object, name, {
        enumerable: true,
        get: () => {
          if (cache.has(name)) return cache.get(name);
          if (resolving.has(name)) throw new ExprError(`local ${name} refers to itself`);
          resolving.add(name);
          const value = evaluate_template(this.locals[name], root);
          resolving.delete(name);
          cache.set(name, value);
          return value;
        },
      });
    }

    const data_object = {};
    for (const address of Object.keys(this.data_sources)) {
      const [, type, name] = address.split('.');
      data_object[type] ??= {};
      data_object[type][name] = DATA_FIXTURE[type]?.[name] ?? make_ref(address);
    }

    const resource_types = {};
    for (const address of Object.keys(this.resources)) {
      const [type, name] = address.split('.');
      resource_types[type] ??= {};
      resource_types[type][name] = make_ref(address);
    }

    const module_object = {};
    for (const name of Object.keys(this.module_calls)) module_object[name] = make_ref(`module.${name}`);

    const root = (name) => {
      switch (name) {
        case 'var': return var_object;
        case 'local': return local_object;
        case 'data': return data_object;
        case 'module': return module_object;
        case 'path': return { module: this.dir, root: this.dir, cwd: this.dir };
        case 'terraform': return { workspace: 'default' };
        default:
          if (Object.prototype.hasOwnProperty.call(resource_types, name)) return resource_types[name];
          throw new ExprError(`unknown name ${name}`);
      }
    };
    return root;
  }

  // Evaluates an expression written in this module's terms (for example "local.bucket_arn").
  evaluate(source, vars = {}) {
    return to_plain(evaluate(parse_expression(source), this.scope(vars)));
  }

  body(address) {
    const body = address.startsWith('data.') ? this.data_sources[address] : this.resources[address];
    assert.ok(body, `${address} is not declared`);
    return body;
  }

  // The written expression of an attribute, whitespace collapsed ("var.timeout_seconds").
  expression(address, attribute) {
    const body = this.body(address);
    assert.ok(attribute in body, `${address} has no ${attribute}`);
    return expression_source(body[attribute]);
  }

  // Instances of a resource or data source: [{ key, attrs, depends_on, preconditions }].
  render(address, vars = {}) {
    const body = this.body(address);
    const root = this.scope(vars);
    let instances;
    if ('count' in body) {
      const n = evaluate_template(body.count, root);
      assert.equal(typeof n, 'number', `${address}: count must be a number`);
      instances = Array.from({ length: n }, (_, i) => ({ key: i, names: { count: { index: i } } }));
    } else if ('for_each' in body) {
      const each = evaluate_template(body.for_each, root);
      const entries = Array.isArray(each) ? each.map((v) => [v, v]) : Object.keys(each).sort().map((k) => [k, each[k]]);
      instances = entries.map(([key, value]) => ({ key, names: { each: { key, value } } }));
    } else {
      instances = [{ key: null, names: {} }];
    }
    return instances.map(({ key, names }) => {
      const scope = (name) => (Object.prototype.hasOwnProperty.call(names, name) ? names[name] : root(name));
      const lifecycle = body.lifecycle?.[0] ?? {};
      return {
        address: key === null ? address : `${address}[${JSON.stringify(key)}]`,
        key,
        attrs: to_plain(this.render_block(body, scope)),
        depends_on: (body.depends_on ?? []).map((d) => d.replace(/^\$\{|\}$/g, '')),
        preconditions: (lifecycle.precondition ?? []).map((p) => ({
          holds: evaluate_template(p.condition, scope) === true,
          error_message: p.error_message,
        })),
      };
    });
  }

  // The attributes of the only instance of `address`.
  one(address, vars = {}) {
    const instances = this.render(address, vars);
    assert.equal(instances.length, 1, `${address} must have exactly one instance`);
    return instances[0].attrs;
  }

  render_block(body, scope) {
    const out = {};
    const add_blocks = (name, blocks) => {
      out[name] = [...(out[name] ?? []), ...blocks];
    };
    for (const [key, value] of Object.entries(body)) {
      if (META_ARGUMENTS.has(key)) continue;
      if (key === 'dynamic') {
        for (const [name, specs] of Object.entries(value)) {
          for (const spec of specs) {
            const iterator = spec.iterator ?? name;
            const collection = evaluate_template(spec.for_each, scope);
            const entries = Array.isArray(collection) ? collection.map((v, i) => [i, v]) : Object.keys(collection).sort().map((k) => [k, collection[k]]);
            const content = single_body(spec.content, `dynamic ${name} content`);
            add_blocks(name, entries.map(([k, v]) => this.render_block(content, (n) => (n === iterator ? { key: k, value: v } : scope(n)))));
          }
        }
        continue;
      }
      if (is_block_list(value)) {
        add_blocks(key, value.map((b) => this.render_block(b, scope)));
        continue;
      }
      const rendered = evaluate_template(value, scope);
      // An attribute set to null is the same as an attribute left out.
      if (rendered !== null) out[key] = rendered;
    }
    return out;
  }
}
