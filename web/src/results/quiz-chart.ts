/**
 * Draws one lab's room quiz chart as SVG from layoutQuizChart's geometry:
 * built element by element (svg-builder.ts), colours from classes in
 * results.css, so it holds under the page's CSP. Questions the room missed
 * get a tinted row, a red label and a note beside their count.
 */
import type { LabQuizStats } from '../../../common/src/results-api.js';
import { svg, svgTitle } from '../inspect/svg-builder.js';
import { CHART, layoutQuizChart, plainText, type SegmentKind } from './quiz-chart-layout.js';

const SEGMENT_WORDS: Record<SegmentKind, string> = { right: 'right', wrong: 'answered wrong', unanswered: 'left it out' };

export function drawQuizChart(lab: LabQuizStats): SVGSVGElement {
  const layout = layoutQuizChart(lab);
  const rows = layout.rows.map((row) => {
    const rowHeight = CHART.ROW_HEIGHT + (row.wrongLine ? CHART.WRONG_LINE_HEIGHT : 0);
    const textY = row.y + CHART.BAR_HEIGHT / 2 + 4;
    return svg('g', { class: row.missed ? 'quiz-row missed' : 'quiz-row', 'data-question': row.question.id, 'data-missed': String(row.missed) },
      svg('rect', { class: 'quiz-row-bg', x: 0, y: row.y - 5, width: layout.width, height: rowHeight - 2, rx: 4 }),
      svg('text', { class: 'quiz-label', x: 8, y: textY },
        svg('tspan', { class: 'quiz-number' }, `${row.number} `),
        row.label,
        svgTitle(`${row.number}: ${plainText(row.question.prompt)}`),
      ),
      svg('rect', { class: 'quiz-bar-track', x: layout.barX, y: row.y, width: CHART.BAR_WIDTH, height: CHART.BAR_HEIGHT, rx: 3 }),
      ...row.segments.map((s) => svg('rect', {
        class: `quiz-segment quiz-segment-${s.kind}`, 'data-kind': s.kind, x: s.x, y: row.y, width: s.width, height: CHART.BAR_HEIGHT,
      }, svgTitle(`${s.count} ${SEGMENT_WORDS[s.kind]}`))),
      svg('text', { class: 'quiz-count', x: layout.barX + CHART.BAR_WIDTH + 10, y: textY },
        row.count,
        row.missed ? svg('tspan', { class: 'quiz-missed-note' }, ' · missed by the room') : null,
      ),
      row.wrongLine ? svg('text', { class: 'quiz-wrong-line', x: layout.barX, y: row.y + CHART.BAR_HEIGHT + 14 }, row.wrongLine) : null,
    );
  });
  return svg('svg', {
    class: 'quiz-chart',
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    width: layout.width,
    height: layout.height,
    role: 'img',
    'aria-label': `${lab.title}: how the room answered each question`,
  }, ...rows);
}
