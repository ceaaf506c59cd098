import { comparePlates, summarisePlates, type CharMatch } from './compare';

interface Props {
  read: { plate: string; state: string };
  list: { plate: string; state: string; pattern?: string; anyState?: true };
}

/**
 * A partial-plate entry holds only some characters: the read is shown against the pattern,
 * and the plate check is told which characters the list cannot confirm.
 */
function PatternComparison({ read, list }: { read: Props['read']; list: Props['list'] & { pattern: string } }) {
  return (
    <div className="compare">
      <p className="compare__pattern">
        <span className="compare__label">Read</span> <span className="plate-text">{read.plate}</span> {read.state}
        <br />
        <span className="compare__label">List</span> <span className="plate-text">{list.pattern}</span> {list.anyState ? 'any state' : list.state}
      </p>
      <p className="compare__verdict compare__verdict--look-alike">
        PARTIAL PLATE ON THE LIST ({list.pattern}
        {list.anyState ? ', any state' : ''}): the list cannot confirm the characters its * and ? stand for. Check the whole plate
        in the image and the vehicle.
      </p>
    </div>
  );
}

const MARK: Record<CharMatch, string> = { same: '', 'look-alike': '≈', differs: '≠' };

/**
 * The camera's read over the list's plate, character by character. The grid is for the eye;
 * the sentence list below it says the same in words (and is what a screen reader reads).
 */
export function PlateComparison({ read, list }: Props) {
  if (list.pattern) return <PatternComparison read={read} list={{ ...list, pattern: list.pattern }} />;
  const chars = comparePlates(read.plate, list.plate);
  const summary = summarisePlates(read.plate, list.plate);
  const stateDiffers = read.state !== list.state;
  return (
    <div className="compare">
      <div className="compare__grid" aria-hidden="true" style={{ gridTemplateColumns: `auto repeat(${chars.length}, 1fr) auto` }}>
        <span className="compare__label">Read</span>
        {chars.map((c) => (
          <span key={`r${c.position}`} className={`compare__char compare__char--${c.match}`}>
            {c.read ?? '·'}
          </span>
        ))}
        <span className="compare__state">{read.state}</span>
        <span className="compare__label">List</span>
        {chars.map((c) => (
          <span key={`l${c.position}`} className={`compare__char compare__char--${c.match}`}>
            {c.list ?? '·'}
          </span>
        ))}
        <span className={`compare__state${stateDiffers ? ' compare__state--differs' : ''}`}>{list.state}</span>
        <span />
        {chars.map((c) => (
          <span key={`m${c.position}`} className={`compare__mark compare__mark--${c.match}`}>
            {MARK[c.match]}
          </span>
        ))}
        <span />
      </div>
      <p className="visually-hidden">
        Camera read {read.plate} {read.state}; list plate {list.plate} {list.state}.
      </p>
      {summary.exact ? (
        <p className="compare__verdict compare__verdict--same">Plate characters match exactly.</p>
      ) : (
        <>
          <p className={`compare__verdict compare__verdict--${summary.others ? 'differs' : 'look-alike'}`}>
            {summary.others
              ? `PLATES DIFFER at ${summary.differences.length} position${summary.differences.length > 1 ? 's' : ''}`
              : `LOOK-ALIKE characters at ${summary.lookAlikes} position${summary.lookAlikes > 1 ? 's' : ''}`}{' '}
            — check the plate image before acting.
          </p>
          <ul className="compare__differences">
            {summary.differences.map((d) => (
              <li key={d}>{d.charAt(0).toUpperCase() + d.slice(1)}</li>
            ))}
          </ul>
        </>
      )}
      {stateDiffers && (
        <p className="compare__verdict compare__verdict--differs">
          STATE DIFFERS — read {read.state}, list {list.state}.
        </p>
      )}
    </div>
  );
}
