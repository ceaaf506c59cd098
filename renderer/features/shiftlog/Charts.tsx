/**
 * The shift at a glance, drawn with Chart.js on canvas (no styles injected, so it runs under
 * the console's strict CSP): hits per hour, outcomes, time from read to broadcast, misread rate
 * per camera. Each chart carries its figures as an accessible description.
 */
import { memo, useEffect, useRef } from 'react';
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import type { ShiftSummary } from '../../../electron/contract';
import { outcomeLabel, waitBuckets } from './format';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, DoughnutController, ArcElement, Tooltip, Legend);
Chart.defaults.color = '#e6e6e6';
Chart.defaults.borderColor = 'rgba(255,255,255,0.15)';
Chart.defaults.font.size = 14;

/** One colour per outcome, none two alike (the agency's own dispositions take the spares). */
const OUTCOME_COLOURS: Record<string, string> = {
  'vehicle-located': '#4cc38a',
  'unable-to-locate': '#4ea8de',
  'no-units': '#f07167',
  referred: '#c9cba3',
  misread: '#e8a33d',
  'stale-list': '#9b8cff',
  'entry-withdrawn': '#b0a8b9',
  open: '#8a8f98',
};
const FALLBACK = ['#ffd166', '#ff99c8', '#a0e7e5', '#b5838d', '#7bdff2', '#d0f4de'];

function ChartCanvas({ label, description, config, height }: { label: string; description: string; config: ChartConfiguration; height?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const chart = new Chart(canvas.current!, { ...config, options: { animation: false, maintainAspectRatio: false, ...config.options } });
    return () => chart.destroy();
  }, [config]);
  return (
    <figure className="shiftlog__chart">
      <figcaption>{label}</figcaption>
      <div className="shiftlog__canvas" style={height ? { height } : undefined}>
        <canvas ref={canvas} role="img" aria-label={`${label}: ${description}`}>
          {description}
        </canvas>
      </div>
    </figure>
  );
}

/** A count axis: whole numbers only (Chart.js would mark 0.5 hits on a quiet shift). */
const countAxis = (title: string) => ({ beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: title } });
const axis = (title: string) => ({ title: { display: true, text: title } });
const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** Redrawn only when a new summary arrives (a view opened), not on every keystroke around it. */
export const ShiftCharts = memo(function ShiftCharts({ summary }: { summary: ShiftSummary }) {
  const c = summary.charts;
  const hourly = c.bucketMs === 3_600_000;
  const hh = (d: Date) => `${String(d.getHours()).padStart(2, '0')}:00`;
  const bucketLabels = c.perBucket.map((b) => {
    const t = new Date(b.start);
    return hourly ? hh(t) : t.toLocaleDateString([], { month: 'short', day: 'numeric' });
  });
  // For the screen reader: each hour as the span it counts ("14:00 to 15:00: 3 hits").
  const bucketSpans = c.perBucket.map((b, i) => (hourly ? `${bucketLabels[i]} to ${hh(new Date(Date.parse(b.start) + c.bucketMs))}` : bucketLabels[i]!));
  const waitLabels = waitBuckets();
  const cameras = c.cameras.slice(0, 20);
  const rate = (h: number, m: number) => (h ? Math.round((m / h) * 1000) / 10 : 0);
  return (
    <section className="shiftlog__charts" aria-label="Charts">
      <ChartCanvas
        label={hourly ? 'Hits per hour' : 'Hits per day'}
        description={c.perBucket.map((b, i) => `${bucketSpans[i]}: ${count(b.count, 'hit')}`).join(', ')}
        config={{
          type: 'bar',
          data: { labels: bucketLabels, datasets: [{ label: 'Hits', data: c.perBucket.map((b) => b.count), backgroundColor: '#4ea8de' }] },
          options: { plugins: { legend: { display: false } }, scales: { x: axis(hourly ? 'Hour starting' : 'Day'), y: countAxis('Hits') } },
        }}
      />
      <ChartCanvas
        label="Outcomes"
        description={c.outcomes.map((o) => `${outcomeLabel(o.outcome)}: ${count(o.count, 'hit')}`).join(', ')}
        config={{
          type: 'doughnut',
          data: {
            labels: c.outcomes.map((o) => outcomeLabel(o.outcome)),
            datasets: [{ data: c.outcomes.map((o) => o.count), backgroundColor: c.outcomes.map((o, i) => OUTCOME_COLOURS[o.outcome] ?? FALLBACK[i % FALLBACK.length]!) }],
          },
          options: { plugins: { legend: { position: 'right' } } },
        }}
      />
      <ChartCanvas
        label="Time from read to broadcast"
        description={c.toBroadcast.map((n, i) => `${waitLabels[i]}: ${count(n, 'hit')}`).join(', ')}
        config={{
          type: 'bar',
          data: { labels: waitLabels, datasets: [{ label: 'Hits broadcast', data: c.toBroadcast, backgroundColor: '#57cc99' }] },
          options: { plugins: { legend: { display: false } }, scales: { x: axis('Read to broadcast'), y: countAxis('Hits broadcast') } },
        }}
      />
      <ChartCanvas
        label={c.cameras.length > cameras.length ? `Misread rate per camera (%): the ${cameras.length} highest of ${c.cameras.length}` : 'Misread rate per camera (%)'}
        description={cameras.map((cam) => `${cam.cameraName}: ${rate(cam.hits, cam.misreads)}% of ${count(cam.hits, 'hit')}`).join(', ')}
        config={{
          type: 'bar',
          data: { labels: cameras.map((cam) => cam.cameraName), datasets: [{ label: 'Misread %', data: cameras.map((cam) => rate(cam.hits, cam.misreads)), backgroundColor: '#e8a33d' }] },
          // Every camera named (Chart.js would skip every other label), the chart as tall as that takes.
          options: { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { ...axis("Hits found misread (% of the camera's hits)"), beginAtZero: true }, y: { ticks: { autoSkip: false } } } },
        }}
        height={`${Math.max(16, 4.5 + cameras.length * 1.35)}rem`}
      />
    </section>
  );
});
