/**
 * Where the room's quiz chart puts things (quiz-chart.ts draws it): one row
 * per question, a bar split into right / wrong / left out over everyone who
 * submitted, the count beside it, and the most common wrong answer under it.
 * Pure, so the geometry is tested without a browser.
 */
import type { LabQuizStats, QuestionStats } from '../../../common/src/results-api.js';

export const CHART = {
  WIDTH: 900,
  /** Question label column. */
  LABEL_WIDTH: 300,
  /** The bar's own length; the count goes to its right. */
  BAR_WIDTH: 300,
  BAR_HEIGHT: 18,
  /** A row with a wrong-answer line under the bar is this much taller. */
  ROW_HEIGHT: 30,
  WRONG_LINE_HEIGHT: 16,
  TOP: 8,
  /** Characters of the prompt in the label (all of it is in the tooltip): "Q15 " and 34 wide characters fit the column at 12px. */
  LABEL_CHARS: 34,
  /** Characters of the wrong-answer line: what fits from the bar to the chart's right edge at 11.5px. */
  WRONG_LINE_CHARS: 90,
} as const;

export type SegmentKind = 'right' | 'wrong' | 'unanswered';

export interface Segment {
  kind: SegmentKind;
  x: number;
  width: number;
  count: number;
}

export interface ChartRow {
  question: QuestionStats;
  /** "Q3". */
  number: string;
  label: string;
  y: number;
  segments: Segment[];
  /** "3 of 10 right". */
  count: string;
  /** "most often wrong: “runs twice” (4)", or null. */
  wrongLine: string | null;
  missed: boolean;
}

export interface ChartLayout {
  width: number;
  height: number;
  barX: number;
  rows: ChartRow[];
}

export function layoutQuizChart(lab: LabQuizStats): ChartLayout {
  let y: number = CHART.TOP;
  const rows = lab.questions.map((q, i): ChartRow => {
    const wrongLine = q.commonWrong
      ? `most often wrong: “${shorten(q.commonWrong.answer, CHART.WRONG_LINE_CHARS - 30)}” (${q.commonWrong.count})`
      : null;
    const row: ChartRow = {
      question: q,
      number: `Q${i + 1}`,
      label: shorten(plainText(q.prompt), CHART.LABEL_CHARS),
      y,
      segments: segments(q),
      count: q.submitted === 0 ? 'no answers yet' : `${q.right} of ${q.submitted} right`,
      wrongLine,
      missed: q.missedByRoom,
    };
    y += CHART.ROW_HEIGHT + (wrongLine ? CHART.WRONG_LINE_HEIGHT : 0);
    return row;
  });
  return { width: CHART.WIDTH, height: y + CHART.TOP, barX: CHART.LABEL_WIDTH, rows };
}

/** Right, then wrong answers, then left out, as shares of those who submitted; nothing when no one did. */
function segments(q: QuestionStats): Segment[] {
  if (q.submitted === 0) return [];
  const wrongAnswered = Math.max(0, q.answered - q.right);
  const counts: Array<[SegmentKind, number]> = [['right', q.right], ['wrong', wrongAnswered], ['unanswered', q.submitted - q.answered]];
  const out: Segment[] = [];
  let x: number = CHART.LABEL_WIDTH;
  for (const [kind, count] of counts) {
    if (count <= 0) continue;
    const width = (count / q.submitted) * CHART.BAR_WIDTH;
    out.push({ kind, x, width, count });
    x += width;
  }
  return out;
}

/**
 * The prompt is Markdown: drop code ticks, bold marks and link targets,
 * which would show as noise in a label. Single `_` and `*` stay: in these
 * prompts they are mostly part of names (O_WRONLY, *.c).
 */
export function plainText(markdown: string): string {
  return markdown.replace(/`/g, '').replace(/\*\*|__/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\s+/g, ' ').trim();
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
