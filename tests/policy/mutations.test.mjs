// Each property's check fails on a copy of the module weakened in the way the property forbids,
// so a check that passes on the real module is known to be able to fail.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { load_module } from './lib/module.mjs';
import { mutated_copy, remove_copy } from './lib/mutate.mjs';
import { MODULE_DIR } from './lib/paths.mjs';
import { PROPERTIES } from './properties.mjs';

describe('a weakened module is caught', () => {
  for (const property of PROPERTIES) {
    test(`${property.id} has mutations`, () => {
      assert.ok(property.mutations.length > 0);
    });
    for (const mutation of property.mutations) {
      test(`${property.id} fails when ${mutation.why}`, async () => {
        const dir = await mutated_copy(MODULE_DIR, mutation.edits);
        try {
          const mod = await load_module(dir);
          assert.throws(() => property.check(mod), assert.AssertionError);
        } finally {
          await remove_copy(dir);
        }
      });
    }
  }
});
