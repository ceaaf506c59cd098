import { useBlobUrl } from '../../lib/useBlobUrl';

/** A plate image from a search result, or a plain box that says there is none. */
export function Thumb({ image, plate }: { image: { mime: string; data: Uint8Array } | null; plate: string }) {
  if (!image) return <span className="search__noimage">No image</span>;
  return <ThumbImage data={image.data} mime={image.mime} plate={plate} />;
}

function ThumbImage({ data, mime, plate }: { data: Uint8Array; mime: string; plate: string }) {
  const url = useBlobUrl(data, mime);
  return url ? <img className="search__thumb" src={url} alt={`Plate image, read ${plate}`} /> : null;
}
