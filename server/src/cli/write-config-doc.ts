/** `npm run docs:config`: regenerate docs/configuration.md from the schema (config-doc.ts). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIGURATION_DOC, configurationMarkdown } from '../config-doc.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
writeFileSync(path.join(repo, CONFIGURATION_DOC), configurationMarkdown());
process.stdout.write(`wrote ${CONFIGURATION_DOC}\n`);
