// The frame every panel sits in: title, help text, body.
import type { ReactNode } from 'react';

export function PanelFrame({ id, title, help, children }: { id: string; title: string; help: string; children: ReactNode }) {
  return (
    <section className="panel" data-testid={`panel.${id}`} aria-labelledby={`panel-title-${id}`}>
      <header className="panel-head">
        <h2 id={`panel-title-${id}`}>{title}</h2>
        <p className="help">{help}</p>
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}
