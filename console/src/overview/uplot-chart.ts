import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartSpec } from './overview-model';

/** Colours told apart with the common colour-vision deficiencies (Okabe–Ito). */
const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000'];

/** Draws one small chart with uPlot into `container`; returns a function that removes it. */
export function drawUplot(container: HTMLElement, spec: ChartSpec): () => void {
  const chart = new uPlot(
    {
      width: Math.max(container.clientWidth, 320),
      height: 180,
      series: [
        {},
        ...spec.series.map((s, i) => ({
          label: s.label,
          stroke: PALETTE[i % PALETTE.length],
          width: 2,
          spanGaps: false,
        })),
      ],
      axes: [{}, { label: spec.unit, size: 60 }],
      legend: { show: true },
    },
    [spec.x, ...spec.series.map((s) => s.values)],
    container,
  );
  return () => chart.destroy();
}
