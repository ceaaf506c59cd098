import { useEffect, useState } from 'react';
import { call } from '../../api';
import { parseMap, type MapData } from './map-geometry';

export interface LoadedMap {
  name: string;
  data: MapData;
}

// The map does not change while the console runs; fetch and parse it once, not per hit.
let cached: Promise<LoadedMap> | null = null;

export function useMapData(): { map: LoadedMap | null; error: string | null } {
  const [map, setMap] = useState<LoadedMap | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    cached ??= call('map:geojson', {}).then((r) => ({ name: r.name, data: parseMap(r.geojson) }));
    cached.then(
      (m) => {
        if (!cancelled) setMap(m);
      },
      (err: unknown) => {
        cached = null;
        if (!cancelled) setError(err instanceof Error ? err.message : String(err));
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);
  return { map, error };
}
