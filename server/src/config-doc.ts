/**
 * docs/configuration.md, generated from the schema in config.ts so the doc
 * cannot drift: `npm run docs:config` writes it, and config-doc.test.ts
 * fails when the file and the schema disagree.
 */
import { settingDocs } from './config.js';

export const CONFIGURATION_DOC = 'docs/configuration.md';

export function configurationMarkdown(): string {
  const rows = settingDocs().map((d) => {
    const env = d.name === 'PORT' || d.name === 'HOST' ? `\`${d.env}\` (or \`${d.name}\`)` : `\`${d.env}\``;
    const flag = d.isSwitch ? `\`${d.flag}\`, \`--no-${d.flag.slice(2)}\`` : `\`${d.flag}\``;
    const shown = d.default === '(empty)' ? '*(empty)*' : `\`${d.default}\``;
    return `| ${escapeCell(flag)} | ${env} | ${shown} | ${escapeCell(d.description)} |`;
  });
  return `<!-- Generated from server/src/config.ts by \`npm run docs:config\`; edit the schema, not this file. -->
# Configuration

Every setting is an environment variable and a command-line flag with the same
meaning; a flag wins over the variable. Both \`npm start -- --port 8080\` and
\`syslab serve --port 8080\` take flags; \`syslab serve --help\` prints this list.

\`\`\`sh
SYSLAB_PORT=8080 SYSLAB_HOST=0.0.0.0 npm start
syslab serve --port 8080 --host 0.0.0.0 --data-dir /var/lib/syslab
\`\`\`

Switches (true/false) take no value on the command line (\`--trust-proxy\`,
\`--no-metrics\`); as variables they are \`true\` or \`false\`. Sizes are written
\`65536\`, \`64K\`, \`512M\` or \`1G\`. An unknown flag or a bad value stops the
server at start with the setting named.

| Flag | Environment variable | Default | What it does |
|---|---|---|---|
${rows.join('\n')}
`;
}

/** GitHub's tables split cells on every `|`, even inside code spans. */
function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
