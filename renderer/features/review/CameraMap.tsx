import { useMemo } from 'react';
import type { Camera } from '../../../electron/contract/hub';
import { directionBearing, pathData, placeStreetLabels, projectAround, type MapData } from './map-geometry';

const W = 640;
const H = 420;
const LABEL_FONT = 13;
const EMPTY: MapData = { streets: [], waterways: [], areas: [], sites: [] };

/** The longest round distance whose bar fits in `maxPx`. */
function scaleBar(pxPerMetre: number, maxPx = 140): { metres: number; px: number } {
  const steps = [10, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000];
  const metres = steps.filter((m) => m * pxPerMetre <= maxPx).pop() ?? steps[0]!;
  return { metres, px: metres * pxPerMetre };
}

const sameSite = (s: MapData['sites'][number], c: Camera) =>
  s.id === c.id || (Math.abs(s.lat - c.lat) < 1e-4 && Math.abs(s.lon - c.lon) < 1e-4);

interface Props {
  map: MapData | null;
  camera: Camera;
  /** Spoken summary of the picture. */
  label: string;
}

/** The street map around the hit's camera, north up, with the direction of travel. */
export function CameraMap({ map, camera, label }: Props) {
  const data = map ?? EMPTY;
  const proj = useMemo(() => projectAround(camera, data, W, H), [camera, data]);
  const [cx, cy] = proj.project([camera.lon, camera.lat]);
  const bearing = directionBearing(camera.direction);
  const labels = useMemo(
    () =>
      placeStreetLabels(data, proj, LABEL_FONT, [{ x0: cx - 66, y0: cy - 66, x1: cx + 66, y1: cy + 66 }], (name) =>
        camera.name.toLowerCase().includes(name.toLowerCase()),
      ),
    [data, proj, cx, cy, camera.name],
  );
  const streets = useMemo(() => pathData(data.streets.flatMap((s) => s.lines), proj), [data, proj]);
  const bar = scaleBar(proj.scale);

  return (
    <svg className="map" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      <rect className="map__land" width={W} height={H} />
      {data.areas.map((a, i) => (
        <path key={i} className={`map__area map__area--${a.kind}`} d={pathData(a.rings, proj, true)} fillRule="evenodd" />
      ))}
      <path className="map__waterway" d={pathData(data.waterways, proj)} />
      <path className="map__street-casing" d={streets} />
      <path className="map__street" d={streets} />
      {labels.map((l) => (
        <text
          key={l.name}
          className="map__label"
          fontSize={LABEL_FONT}
          transform={`translate(${l.x.toFixed(1)} ${l.y.toFixed(1)}) rotate(${l.angle.toFixed(1)})`}
          textAnchor="middle"
          dominantBaseline="central"
        >
          {l.name}
        </text>
      ))}
      {data.sites
        .filter((s) => !sameSite(s, camera))
        .map((s, i) => {
          const [x, y] = proj.project([s.lon, s.lat]);
          return proj.inside(x, y, 10) ? <circle key={s.id ?? i} className="map__site" cx={x} cy={y} r={5.5} /> : null;
        })}
      <g className="map__camera" transform={`translate(${cx.toFixed(1)} ${cy.toFixed(1)})`}>
        {bearing !== null && (
          <g transform={`rotate(${bearing})`}>
            <line className="map__travel" x1={0} y1={-12} x2={0} y2={-44} />
            <path className="map__travel-head" d="M0 -62 L-12 -40 L12 -40 Z" />
          </g>
        )}
        <circle className="map__camera-ring" r={13} />
        <circle className="map__camera-dot" r={5} />
      </g>
      <g className="map__north" transform={`translate(${W - 28} 34)`}>
        <path d="M0 -18 L8 6 L0 1 L-8 6 Z" />
        <text y={22} textAnchor="middle" fontSize={13}>
          N
        </text>
      </g>
      <g className="map__scale" transform={`translate(16 ${H - 18})`}>
        <line x1={0} y1={0} x2={bar.px} y2={0} />
        <line x1={0} y1={-5} x2={0} y2={5} />
        <line x1={bar.px} y1={-5} x2={bar.px} y2={5} />
        <text x={bar.px / 2} y={-8} textAnchor="middle" fontSize={12}>
          {bar.metres >= 1000 ? `${bar.metres / 1000} km` : `${bar.metres} m`}
        </text>
      </g>
    </svg>
  );
}
