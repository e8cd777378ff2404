/**
 * Checks that the server's JSON has the shape the page relies on before any
 * view touches it. Shallow on purpose: they catch a page talking to a server
 * of another version, not a server that lies.
 */
import type { CreatedSession, LabSummary } from '../../common/src/api.js';
import type { LabProgress, QuizGraded, StepCheck, StepOpened } from '../../common/src/guide-api.js';
import type { LabPublicView } from '../../common/src/lab-api.js';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isLabSummary(value: unknown): value is LabSummary {
  return isRecord(value) && typeof value.id === 'string' && typeof value.title === 'string'
    && typeof value.summary === 'string' && typeof value.steps === 'number';
}

export function isLabList(value: unknown): value is LabSummary[] {
  return Array.isArray(value) && value.every(isLabSummary);
}

export function isCreatedSession(value: unknown): value is CreatedSession {
  return isRecord(value) && typeof value.id === 'string' && typeof value.lab === 'string';
}

export function isLabPublicView(value: unknown): value is LabPublicView {
  return isRecord(value) && typeof value.id === 'string' && typeof value.title === 'string'
    && typeof value.intro === 'string' && typeof value.finish === 'string'
    && Array.isArray(value.steps) && value.steps.every((s) => isRecord(s) && typeof s.index === 'number' && typeof s.title === 'string' && typeof s.text === 'string')
    && Array.isArray(value.quiz) && value.quiz.every((q) => isRecord(q) && typeof q.id === 'string' && typeof q.type === 'string' && typeof q.prompt === 'string');
}

export function isStepOpened(value: unknown): value is StepOpened {
  return isRecord(value) && typeof value.index === 'number' && typeof value.passed === 'boolean';
}

export function isStepCheck(value: unknown): value is StepCheck {
  return isRecord(value) && typeof value.passed === 'boolean' && (value.hint === null || typeof value.hint === 'string');
}

export function isLabProgress(value: unknown): value is LabProgress {
  return isRecord(value) && Array.isArray(value.passed) && value.passed.every((n) => typeof n === 'number')
    && (value.current === null || typeof value.current === 'number')
    && isRecord(value.quiz) && Array.isArray(value.quiz.attempts);
}

export function isQuizGraded(value: unknown): value is QuizGraded {
  return isRecord(value) && typeof value.score === 'number' && typeof value.max === 'number'
    && Array.isArray(value.results) && value.results.every((r) => isRecord(r) && typeof r.id === 'string' && typeof r.correct === 'boolean');
}
