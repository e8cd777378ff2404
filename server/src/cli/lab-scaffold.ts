/**
 * `npm run lab -- new <id>`: a new lab folder that passes `check` as it is,
 * so an author starts from something that works and changes one thing at a
 * time. Every file says what it is for; docs/authoring.md says the rest.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function scaffoldFiles(id: string): Record<string, string> {
  const title = id.charAt(0).toUpperCase() + id.slice(1).replace(/-/g, ' ');
  return {
    'lab.yaml': `# Every field is described in docs/authoring.md. Check the lab with
#   npm run lab -- check ${id}
id: ${id}
title: ${title}
summary: One or two sentences for the lab list, saying what the learner will do.
level: beginner
minutes: 10
tags: []
steps:
  - dir: 01-make-a-note
    title: Make a note
`,
    'intro.md': `# ${title}

Shown before the first step: what this lab is about and what the learner will
be able to do at the end.
`,
    'finish.md': `# Done

Shown after the last step, before the quiz: what the learner did, in a few
sentences.
`,
    'steps/01-make-a-note/text.md': `What the learner reads for this step. A \`run\` block becomes a button that
types its lines into the terminal:

\`\`\`run
echo done > note.txt
cat note.txt
\`\`\`

The step is done when \`note.txt\` in your home says \`done\`.
`,
    'steps/01-make-a-note/verify.sh': `#!/bin/sh
# Exit 0 when the step is done. Otherwise exit 1 and print, on the first line,
# what the learner should do next: the guide shows it as the hint.
# Polled every few seconds while the step is open, so keep it cheap and read-only.
note="\${HOME:-/home/learner}/note.txt"
if [ ! -f "$note" ]; then
  echo "There is no note.txt in your home yet: run the echo command above."
  exit 1
fi
if [ "$(cat "$note")" != done ]; then
  echo "note.txt is there but does not say exactly: done"
  exit 1
fi
exit 0
`,
    'steps/01-make-a-note/solve.sh': `#!/bin/sh
# One way to do the step; the content test runs it and expects verify.sh to pass after.
echo done > "\${HOME:-/home/learner}/note.txt"
`,
    'quiz.yaml': `# Shown after the last step. Types: single, multiple, numeric, text, live
# (docs/authoring.md, "quiz.yaml"). Answers never reach the browser before the
# learner submits.
questions:
  - id: redirect
    type: single
    prompt: What does \`>\` do in \`echo done > note.txt\`?
    choices:
      - It compares two values
      - It sends the command's output into a file
      - It runs the command in the background
    answer: 1 # choices count from 0
    explanation: >-
      \`>\` redirects standard output: what \`echo\` prints goes into the file
      instead of to the terminal.

  - id: note-says
    type: live
    prompt: What does your \`note.txt\` say?
    # Run in the learner's sandbox when they submit; its trimmed output is the right answer.
    command: cat "$HOME/note.txt"
    explanation: >-
      \`cat note.txt\` prints it: the answer is read from your own sandbox.
`,
  };
}

/**
 * Write the scaffold into labsDir/id. Returns the folder, or a message when
 * the folder already exists (nothing is overwritten).
 */
export function writeScaffold(labsDir: string, id: string): { dir: string } | { problem: string } {
  const dir = path.join(labsDir, id);
  if (existsSync(dir)) return { problem: `${dir} already exists; pick another id, or delete the folder first` };
  for (const [rel, content] of Object.entries(scaffoldFiles(id))) {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return { dir };
}
