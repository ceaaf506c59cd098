import { useEffect, useState } from 'react';
import type { EvidenceExport } from '../../../electron/contract';
import { call } from '../../api';
import { errorMessage } from '../shared/useAction';
import { formatDateTime } from '../../lib/time';
import '../review/evidence-export.css';

/**
 * The evidence packages made on this console (issue 6 item 9): hit, case, the package's
 * SHA-256 (to check a booked copy against), the hold that keeps the hit, who and when.
 * Reading the list is logged by the core.
 */
export function EvidenceExports() {
  const [exports, setExports] = useState<EvidenceExport[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call('records:evidence-list', {}).then((r) => setExports(r.exports), (err: unknown) => setError(errorMessage(err)));
  }, []);
  return (
    <div className="records__section">
      <h3 id="evidence-exports-title">Evidence packages</h3>
      {error && <p role="alert">{error}</p>}
      {exports && exports.length > 0 && (
        <table className="records__table" aria-labelledby="evidence-exports-title">
          <thead>
            <tr>
              <th scope="col">Hit</th>
              <th scope="col">Case</th>
              <th scope="col">Why</th>
              <th scope="col">Package SHA-256</th>
              <th scope="col">Hold</th>
              <th scope="col">Exported</th>
            </tr>
          </thead>
          <tbody>
            {exports.map((e) => (
              <tr key={e.id}>
                <td>{e.hitId}</td>
                <td>{e.caseNumber}</td>
                <td>{e.reason}</td>
                <td className="evidence__hash">{e.sha256}</td>
                <td>{e.holdId}</td>
                <td>
                  {e.exportedBy}, {formatDateTime(e.exportedAt)} at {e.workstationId}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {exports?.length === 0 && <p>No evidence packages have been exported.</p>}
    </div>
  );
}
