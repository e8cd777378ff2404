/** One question of every type, parsed by the real schema (so defaults apply), for engine tests. */
import { QuizSchema, type Question } from '../labs/lab-schema.js';

export function sampleQuiz(): Question[] {
  return QuizSchema.parse({
    questions: [
      { id: 'pick-one', type: 'single', prompt: 'Which?', choices: ['a', 'b', 'c'], answer: 1, explanation: 'Because b.' },
      { id: 'pick-some', type: 'multiple', prompt: 'Which ones?', choices: ['a', 'b', 'c', 'd'], answer: [3, 0], explanation: 'a and d.' },
      { id: 'how-many', type: 'numeric', prompt: 'How many?', answer: 120, explanation: 'Two minutes.' },
      { id: 'roughly', type: 'numeric', prompt: 'Roughly?', answer: 3.14, tolerance: 0.01, explanation: 'Pi.' },
      { id: 'print-it', type: 'text', prompt: 'Which command?', pattern: 'cat|less', answer: 'cat', explanation: 'cat prints.' },
      { id: 'shell-pid', type: 'live', prompt: 'PID?', command: 'echo 42', compare: 'number', explanation: 'echo $$.' },
      { id: 'note', type: 'live', prompt: 'Note?', command: 'cat note.txt', explanation: 'cat it.' },
    ],
  }).questions;
}
