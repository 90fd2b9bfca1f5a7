// What the share feature adds to the shell: the Copy-link button at the end
// of the tab row (so the link names the panel being looked at, not the share
// panel) and the notices banner of an opened link.
import { useEffect } from 'react';
import { CopyLinkButton } from './CopyLinkButton';
import { startDocsetSync } from './docsetSync';
import { startByoSync } from './byoSync';
import './share.css';

export function ShareBar() {
  useEffect(() => { startDocsetSync(); startByoSync(); }, []);
  return <CopyLinkButton />;
}

export { ShareNoticesBanner } from './ShareNoticesBanner';
