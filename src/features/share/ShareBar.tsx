// What the share feature adds to the shell: the Copy-link button at the end
// of the tab row (so the link names the panel being looked at, not the share
// panel) and the notices banner of an opened link.
import { CopyLinkButton } from './CopyLinkButton';
import './share.css';

export function ShareBar() {
  return <CopyLinkButton />;
}

export { ShareNoticesBanner } from './ShareNoticesBanner';
