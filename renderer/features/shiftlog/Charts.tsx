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
import { BROADCAST_BUCKETS_MS, type ShiftSummary } from '../../../electron/contract';
import { duration, outcomeLabel } from './format';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, DoughnutController, ArcElement, Tooltip, Legend);
Chart.defaults.color = '#e6e6e6';
Chart.defaults.borderColor = 'rgba(255,255,255,0.15)';
Chart.defaults.font.size = 14;

const OUTCOME_COLOURS: Record<string, string> = {
  misread: '#e8a33d',
  'stale-list': '#9b8cff',
  'vehicle-located': '#4cc38a',
  open: '#8a8f98',
};
const FALLBACK = ['#4ea8de', '#f07167', '#c9cba3', '#57cc99', '#ffd166', '#bdb2ff'];

function ChartCanvas({ label, description, config }: { label: string; description: string; config: ChartConfiguration }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const chart = new Chart(canvas.current!, { ...config, options: { animation: false, maintainAspectRatio: false, ...config.options } });
    return () => chart.destroy();
  }, [config]);
  return (
    <figure className="shiftlog__chart">
      <figcaption>{label}</figcaption>
      <div className="shiftlog__canvas">
        <canvas ref={canvas} role="img" aria-label={`${label}: ${description}`}>
          {description}
        </canvas>
      </div>
    </figure>
  );
}

/** Redrawn only when a new summary arrives (a view opened), not on every keystroke around it. */
export const ShiftCharts = memo(function ShiftCharts({ summary }: { summary: ShiftSummary }) {
  const c = summary.charts;
  const hourly = c.bucketMs === 3_600_000;
  const bucketLabels = c.perBucket.map((b) => {
    const t = new Date(b.start);
    return hourly ? `${String(t.getHours()).padStart(2, '0')}:00` : t.toLocaleDateString([], { month: 'short', day: 'numeric' });
  });
  const waitLabels = [...BROADCAST_BUCKETS_MS.map((ms, i) => `${i === 0 ? '0' : duration(BROADCAST_BUCKETS_MS[i - 1]!)}–${duration(ms)}`), `over ${duration(BROADCAST_BUCKETS_MS.at(-1)!)}`];
  const cameras = c.cameras.slice(0, 20);
  const rate = (h: number, m: number) => (h ? Math.round((m / h) * 1000) / 10 : 0);
  return (
    <section className="shiftlog__charts" aria-label="Charts">
      <ChartCanvas
        label={hourly ? 'Hits per hour' : 'Hits per day'}
        description={c.perBucket.map((b, i) => `${bucketLabels[i]} ${b.count}`).join(', ')}
        config={{ type: 'bar', data: { labels: bucketLabels, datasets: [{ label: 'Hits', data: c.perBucket.map((b) => b.count), backgroundColor: '#4ea8de' }] }, options: { plugins: { legend: { display: false } } } }}
      />
      <ChartCanvas
        label="Outcomes"
        description={c.outcomes.map((o) => `${outcomeLabel(o.outcome)} ${o.count}`).join(', ')}
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
        description={c.toBroadcast.map((n, i) => `${waitLabels[i]} ${n}`).join(', ')}
        config={{ type: 'bar', data: { labels: waitLabels, datasets: [{ label: 'Hits broadcast', data: c.toBroadcast, backgroundColor: '#57cc99' }] }, options: { plugins: { legend: { display: false } } } }}
      />
      <ChartCanvas
        label="Misread rate per camera (%)"
        description={cameras.map((cam) => `${cam.cameraName} ${rate(cam.hits, cam.misreads)}% of ${cam.hits}`).join(', ')}
        config={{
          type: 'bar',
          data: { labels: cameras.map((cam) => cam.cameraName), datasets: [{ label: 'Misread %', data: cameras.map((cam) => rate(cam.hits, cam.misreads)), backgroundColor: '#e8a33d' }] },
          options: { indexAxis: 'y', plugins: { legend: { display: false } } },
        }}
      />
    </section>
  );
});
