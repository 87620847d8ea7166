// Every property of properties.mjs holds for deploy/terraform as it is.

import { before, describe, test } from 'node:test';
import { load_module } from './lib/module.mjs';
import { MODULE_DIR } from './lib/paths.mjs';
import { PROPERTIES } from './properties.mjs';

describe('deploy/terraform keeps', () => {
  let mod;
  before(async () => {
    mod = await load_module(MODULE_DIR);
  });

  for (const property of PROPERTIES) {
    test(`${property.id}: ${property.title}`, () => {
      property.check(mod);
    });
  }
});
