import { describe, expect, it } from 'vitest';
import type { LabQuizStats, QuestionStats } from '../../../common/src/results-api.js';
import { CHART, layoutQuizChart, plainText } from './quiz-chart-layout.js';

function question(id: string, over: Partial<QuestionStats>): QuestionStats {
  return { id, type: 'single', prompt: `What does \`${id}\` do?`, submitted: 10, answered: 10, right: 5, commonWrong: null, missedByRoom: false, ...over };
}

function lab(questions: QuestionStats[]): LabQuizStats {
  return { lab: 'hello', title: 'Hello', participants: 12, submitted: 10, max: questions.length, meanScore: 2, questions };
}

describe('layoutQuizChart', () => {
  it('splits each bar into right, wrong and left-out shares of those who submitted', () => {
    const layout = layoutQuizChart(lab([question('a', { right: 6, answered: 9 })]));
    const [row] = layout.rows;
    expect(row!.segments.map((s) => [s.kind, s.count])).toEqual([['right', 6], ['wrong', 3], ['unanswered', 1]]);
    expect(row!.segments[0]!.x).toBe(CHART.LABEL_WIDTH);
    expect(row!.segments[0]!.width).toBeCloseTo(0.6 * CHART.BAR_WIDTH);
    expect(row!.segments[1]!.x).toBeCloseTo(CHART.LABEL_WIDTH + 0.6 * CHART.BAR_WIDTH);
    const total = row!.segments.reduce((sum, s) => sum + s.width, 0);
    expect(total).toBeCloseTo(CHART.BAR_WIDTH);
    expect(row!.count).toBe('6 of 10 right');
  });

  it('marks the questions the room missed and names their most common wrong answer', () => {
    const layout = layoutQuizChart(lab([
      question('a', { right: 9 }),
      question('b', { right: 2, missedByRoom: true, commonWrong: { answer: 'runs twice', count: 6 } }),
    ]));
    expect(layout.rows.map((r) => r.missed)).toEqual([false, true]);
    expect(layout.rows[1]!.wrongLine).toBe('most often wrong: “runs twice” (6)');
    // The row with a wrong-answer line is taller, and the chart grows with it.
    expect(layout.rows[1]!.y - layout.rows[0]!.y).toBe(CHART.ROW_HEIGHT);
    expect(layout.height).toBe(CHART.TOP + 2 * CHART.ROW_HEIGHT + CHART.WRONG_LINE_HEIGHT + CHART.TOP);
  });

  it('draws no bar for a question no one has answered yet', () => {
    const [row] = layoutQuizChart(lab([question('a', { submitted: 0, answered: 0, right: 0 })])).rows;
    expect(row!.segments).toEqual([]);
    expect(row!.count).toBe('no answers yet');
  });

  it('labels with the prompt as text, shortened', () => {
    expect(plainText('What does `sleep 1000 &` do, **exactly**? See [man](https://x).')).toBe('What does sleep 1000 & do, exactly? See man.');
    expect(plainText('`open("f", O_WRONLY)` and `mq_receive` on *.c')).toBe('open("f", O_WRONLY) and mq_receive on *.c');
    const [row] = layoutQuizChart(lab([question('x', { prompt: 'a'.repeat(100) })])).rows;
    expect(row!.label).toHaveLength(CHART.LABEL_CHARS);
    expect(row!.number).toBe('Q1');
  });
});
