/**
 * The browser-safe shape of a lab. Built field by field rather than by copying
 * and deleting, so a secret added to Lab or Question later stays on the server
 * unless someone adds it here on purpose.
 */
import type { LabPublicView, PublicQuestion } from '../../../common/src/lab-api.js';
import type { Lab } from './lab.js';
import type { Question } from './lab-schema.js';

export function publicView(lab: Lab): LabPublicView {
  return {
    id: lab.id,
    title: lab.title,
    summary: lab.summary,
    level: lab.level,
    minutes: lab.minutes,
    tags: [...lab.tags],
    intro: lab.intro,
    finish: lab.finish,
    steps: lab.steps.map((step) => ({
      index: step.index,
      title: step.title,
      text: step.text,
      ...(step.view ? { view: step.view } : {}),
    })),
    quiz: lab.quiz.map(publicQuestion),
  };
}

function publicQuestion(question: Question): PublicQuestion {
  const shown: PublicQuestion = { id: question.id, type: question.type, prompt: question.prompt };
  if (question.type === 'single' || question.type === 'multiple') shown.choices = [...question.choices];
  return shown;
}
