import { useEffect, useState } from 'react';

/** An object URL for image bytes, revoked when the bytes change or the component unmounts. */
export function useBlobUrl(data: Uint8Array, mime: string): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    // Copy into a fresh ArrayBuffer-backed view: BlobPart will not take a view over a
    // SharedArrayBuffer, and the copy detaches the Blob from the caller's buffer.
    const objectUrl = URL.createObjectURL(new Blob([new Uint8Array(data)], { type: mime }));
    setUrl(objectUrl);
    return () => {
      URL.revokeObjectURL(objectUrl);
      setUrl(null);
    };
  }, [data, mime]);
  return url;
}
