import { memo, type KeyboardEvent, type Ref } from 'react';
import { STATUS_LABELS, type QueueItem, type SecondReadingStatus } from '../../../electron/contract';
import { formatDateTime, formatTimeOrDate } from '../../lib/time';
import { Age } from './Age';
import { PriorityBadge } from './PriorityBadge';

interface Props {
  item: QueueItem;
  selected: boolean;
  itemRef: Ref<HTMLLIElement>;
  onSelect(id: string): void;
  onOpen(id: string): void;
}

/** What a row says about its hit's second reading, for the outcomes a dispatcher should act on. */
const READING_MARKS: Partial<Record<SecondReadingStatus, { text: string; title: string }>> = {
  'possible-misread': {
    text: 'Possible misread: check the image',
    title: 'The second reading of the plate image differs from the camera’s read: compare them on the review screen. Advice only.',
  },
  unreadable: {
    text: 'Plate image unreadable by the second reading',
    title: 'The second reading could not read the plate image: check it by eye on the review screen.',
  },
};

/**
 * The list item itself takes focus (no button inside), so the queue stays a plain list of hits
 * for screen readers and whatever focuses an item can open it with Enter.
 */
export const QueueRow = memo(function QueueRow({ item, selected, itemRef, onSelect, onOpen }: Props) {
  const mark = item.readingStatus ? READING_MARKS[item.readingStatus] : undefined;
  const onKeyDown = (e: KeyboardEvent<HTMLLIElement>) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    onOpen(item.id);
  };
  return (
    <li
      ref={itemRef}
      className={`hit hit--${item.priority}${selected ? ' hit--selected' : ''}`}
      data-plate={item.plate}
      tabIndex={selected ? 0 : -1}
      aria-current={selected ? 'true' : undefined}
      onFocus={() => onSelect(item.id)}
      onClick={() => onOpen(item.id)}
      onKeyDown={onKeyDown}
    >
      <span className="hit__priority">
        <PriorityBadge priority={item.priority} />
      </span>
      <span className="hit__plate">
        <span className="plate-text">{item.plate}</span> <span className="hit__state">{item.state}</span>
      </span>
      <span className="hit__what">
        <span className="hit__reason">{item.reason}</span>
        <span className="hit__list">{item.list}</span>
        {item.retroactive && (
          <strong className="hit__retro">RETROACTIVE: an old read, seen {formatDateTime(item.capturedAt)}</strong>
        )}
        {item.withdrawn && (
          <strong className="hit__withdrawn">
            ENTRY WITHDRAWN {formatTimeOrDate(item.withdrawn.at)}: {item.withdrawn.reason}
          </strong>
        )}
        {mark && (
          <strong className="hit__reading" title={mark.title}>
            {mark.text}
          </strong>
        )}
      </span>
      <span className="hit__where">
        {item.cameraName} <span className="hit__direction">{item.direction}</span>
      </span>
      <span className="hit__age">
        <span className="visually-hidden">Age </span>
        <Age since={item.capturedAt} />
      </span>
      {item.status === 'new' && !item.claimedBy ? (
        // Not opened in time says so on the row itself, for whoever signs in later too.
        item.escalation ? (
          <span className={`hit__status hit__status--new hit__status--late`}>{item.escalation === 2 ? 'NEW · ESCALATED' : 'NEW · NOT OPENED IN TIME'}</span>
        ) : (
          <span className="hit__status hit__status--new">NEW</span>
        )
      ) : (
        <span className="hit__status">
          {STATUS_LABELS[item.status]}
          {item.claimedBy && ` · ${item.claimedBy.displayName} at ${item.claimedBy.workstationId}`}
        </span>
      )}
    </li>
  );
});
