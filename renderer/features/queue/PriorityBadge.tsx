import type { Priority } from '../../../electron/contract/hub';

/** Priority as a word and a shape as well as a colour, for colour-blind readers. */
const LABEL: Record<Priority, string> = { high: '▲ HIGH', medium: '◆ MEDIUM', low: '▼ LOW' };

export function PriorityBadge({ priority }: { priority: Priority }) {
  return <span className={`priority priority--${priority}`}>{LABEL[priority]}</span>;
}
