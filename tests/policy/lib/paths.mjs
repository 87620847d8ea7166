import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const MODULE_DIR = path.join(REPO_DIR, 'deploy/terraform');
export const EXAMPLE_DIR = path.join(MODULE_DIR, 'examples/basic');
export const DEPLOY_DOC = path.join(REPO_DIR, 'docs/deploy.md');
