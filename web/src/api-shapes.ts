/**
 * Checks that the server's JSON has the shape the page relies on before any
 * view touches it. Shallow on purpose: they catch a page talking to a server
 * of another version, not a server that lies.
 */
import type { CreatedSession, LabSummary } from '../../common/src/api.js';
import type { LabProgress, QuizGraded, StepCheck, StepOpened } from '../../common/src/guide-api.js';
import type {
  InspectorEvents, IpcGraph, MapEntry, ProcessInfo, SignalSets, SyscallEvent, TraceNotice, TraceStatus, TraceTarget,
} from '../../common/src/inspect-api.js';
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

// Live inspectors (common/src/inspect-api.ts)

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isSignalSets(value: unknown): value is SignalSets {
  return isRecord(value) && isStringArray(value.blocked) && isStringArray(value.ignored)
    && isStringArray(value.caught) && isStringArray(value.pending);
}

export function isProcessInfo(value: unknown): value is ProcessInfo {
  return isRecord(value) && typeof value.pid === 'number' && typeof value.ppid === 'number'
    && typeof value.pgid === 'number' && typeof value.sid === 'number' && typeof value.state === 'string'
    && typeof value.comm === 'string' && isStringArray(value.argv) && typeof value.foreground === 'boolean'
    && isSignalSets(value.signals);
}

export function isProcessList(value: unknown): value is ProcessInfo[] {
  return Array.isArray(value) && value.every(isProcessInfo);
}

export function isMapEntry(value: unknown): value is MapEntry {
  return isRecord(value) && typeof value.start === 'string' && typeof value.end === 'string'
    && typeof value.perms === 'string' && typeof value.path === 'string' && typeof value.kind === 'string'
    && typeof value.sizeKiB === 'number' && (value.rssKiB === null || typeof value.rssKiB === 'number');
}

export function isMapEntryList(value: unknown): value is MapEntry[] {
  return Array.isArray(value) && value.every(isMapEntry);
}

export function isProcessMaps(value: unknown): value is InspectorEvents['maps'] {
  return isRecord(value) && typeof value.pid === 'number' && isMapEntryList(value.entries);
}

export function isIpcGraph(value: unknown): value is IpcGraph {
  return isRecord(value)
    && Array.isArray(value.nodes) && value.nodes.every((n) => isRecord(n) && typeof n.id === 'string' && typeof n.kind === 'string' && typeof n.label === 'string')
    && Array.isArray(value.edges) && value.edges.every((e) => isRecord(e) && typeof e.from === 'string' && typeof e.to === 'string'
      && (e.fd === null || typeof e.fd === 'number') && (e.mode === 'r' || e.mode === 'w' || e.mode === 'rw'));
}

function isSyscallEvent(value: unknown): value is SyscallEvent {
  return isRecord(value) && typeof value.seq === 'number' && typeof value.pid === 'number' && typeof value.time === 'string'
    && typeof value.name === 'string' && typeof value.args === 'string' && typeof value.result === 'string'
    && (value.error === null || typeof value.error === 'string') && (value.durationUs === null || typeof value.durationUs === 'number');
}

function isTraceNotice(value: unknown): value is TraceNotice {
  return isRecord(value) && typeof value.seq === 'number' && typeof value.pid === 'number'
    && typeof value.time === 'string' && typeof value.text === 'string';
}

export function isSyscallBatch(value: unknown): value is InspectorEvents['syscalls'] {
  return isRecord(value) && Array.isArray(value.events) && value.events.every(isSyscallEvent)
    && Array.isArray(value.notices) && value.notices.every(isTraceNotice)
    && (value.dropped === undefined || typeof value.dropped === 'number');
}

function isTraceTarget(value: unknown): value is TraceTarget {
  return isRecord(value) && (value.kind === 'shell' || (value.kind === 'pid' && typeof value.pid === 'number'));
}

export function isTraceStatus(value: unknown): value is TraceStatus {
  return isRecord(value) && typeof value.running === 'boolean' && (value.target === null || isTraceTarget(value.target))
    && (value.startedAt === null || typeof value.startedAt === 'string')
    && (value.stoppedReason === null || typeof value.stoppedReason === 'string') && typeof value.events === 'number'
    && Array.isArray(value.summary) && value.summary.every((r) => isRecord(r) && typeof r.name === 'string'
      && typeof r.calls === 'number' && typeof r.errors === 'number' && typeof r.totalUs === 'number');
}

export function isInspectorProblem(value: unknown): value is InspectorEvents['problem'] {
  return isRecord(value) && typeof value.view === 'string' && typeof value.message === 'string';
}

/** One validator per stream event name: the stream drops what does not match. */
export const INSPECTOR_EVENT_SHAPES: { [K in keyof InspectorEvents]: (value: unknown) => value is InspectorEvents[K] } = {
  processes: isProcessList,
  maps: isProcessMaps,
  ipc: isIpcGraph,
  syscalls: isSyscallBatch,
  trace: isTraceStatus,
  problem: isInspectorProblem,
};
