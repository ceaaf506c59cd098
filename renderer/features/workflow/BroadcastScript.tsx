import { useId } from 'react';
import type { BroadcastScript as Script } from '../../../electron/contract';

const TITLES: Record<Script['kind'], string> = {
  hit: 'Hit broadcast: read on the radio now',
  results: 'Results broadcast: read on the radio now',
  disregard: 'Disregard broadcast: cancel the hit on the radio now',
};

/** The text to read on the radio, large, one breath per line, the plate standing out. */
export function BroadcastScript({ script, done }: { script: Script; done: string | null }) {
  const id = useId();
  return (
    <section className={`script script--${script.kind}${done ? ' script--done' : ''}`} aria-labelledby={id}>
      <h3 id={id} className="visually-hidden">
        Broadcast script
      </h3>
      <p className="script__title" aria-hidden="true">
        {done ? `Broadcast at ${done}` : TITLES[script.kind]}
      </p>
      {script.lines.map((l, i) => (
        <p key={i} className={l.strong ? 'script__line script__line--strong' : 'script__line'}>
          {l.text}
        </p>
      ))}
    </section>
  );
}
