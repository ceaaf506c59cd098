import { useBlobUrl } from '../../lib/useBlobUrl';

export function OverviewImage({ data, mime, caption }: { data: Uint8Array; mime: string; caption: string }) {
  const url = useBlobUrl(data, mime);
  return (
    <figure className="overview">
      {url ? <img src={url} alt="Overview image" className="overview__img" /> : <span className="loading">Loading image…</span>}
      <figcaption>{caption}</figcaption>
    </figure>
  );
}
