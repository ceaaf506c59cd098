import type { Camera } from '../../../electron/contract/hub';
import { CameraMap } from './CameraMap';
import { directionWords } from './map-geometry';
import type { LoadedMap } from './useMapData';

interface Props {
  camera: Camera;
  map: LoadedMap | null;
  mapError: string | null;
}

export function CameraLocationPanel({ camera, map, mapError }: Props) {
  const travel = directionWords(camera.direction);
  const coords = `${camera.lat.toFixed(5)}, ${camera.lon.toFixed(5)}`;
  const travelText = travel ? `Travelling ${travel} (${camera.direction})` : `Direction of travel: ${camera.direction}`;
  return (
    <section className="panel panel--camera" aria-labelledby="camera-location-title">
      <h2 id="camera-location-title" className="panel__title">
        Camera location
      </h2>
      <p className="camera__name">{camera.name}</p>
      <p className="camera__facts">
        <span className="camera__travel">{travelText}</span> · {coords} · camera {camera.id}
      </p>
      <CameraMap
        map={map?.data ?? null}
        camera={camera}
        label={`Street map around ${camera.name}, north up; the large marker is the camera${travel ? `, the arrow shows the vehicle travelling ${travel}` : ''}.`}
      />
      <p className="panel__meta">
        {mapError
          ? `Street map unavailable (${mapError}); the marker still shows the camera.`
          : map
            ? `Map: ${map.name}. Small dots are other camera sites.`
            : 'Loading street map…'}
      </p>
    </section>
  );
}
