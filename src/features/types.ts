// What every panel exports: a static id, title and help text, and a component.
import type { ComponentType } from 'react';

export interface PanelDef {
  id: string;
  title: string;
  /** One or two sentences: what the panel shows and how to read it. */
  help: string;
  Component: ComponentType;
}
